import "@mixpay-pos/storefront-react/styles.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { createShop, type ShopConfig } from "./shop";

// Where Medusa is and the publishable key come from /config.json (scripts/serve.mjs), as a Next.js storefront reads
// them from NEXT_PUBLIC_ environment variables.
const root = createRoot(document.getElementById("root") as HTMLElement);
fetch("/config.json")
  .then((res) => (res.ok ? (res.json() as Promise<ShopConfig>) : Promise.reject(new Error(`config ${res.status}`))))
  .then((config) => root.render(<App shop={createShop(config)} />))
  .catch((error: Error) => root.render(<p role="alert">This storefront is not configured: {error.message}</p>));
