/// <reference types="vite/client" />
declare const __BASE__: string;
declare const __BACKEND_URL__: string;
declare const __STOREFRONT_URL__: string;
