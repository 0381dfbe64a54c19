/** Well-known Mixin asset ids. MixPay's lists are authoritative; these are for defaults and tests. */
export const ASSET_IDS = {
  BTC: "c6d0c728-2624-429b-8e0d-d9d19b6592fa",
  ETH: "43d61dcd-e413-450d-80b8-101d5e903357",
  USDT_ERC20: "4d8c508b-91c5-375b-92b0-ee702ed2dac5",
  USDT_TRC20: "b91e18ff-a9ae-3dc7-8679-e935d9a4b34b",
  USDT_BEP20: "94213408-4ee7-3150-a9c4-9c5cce421c78",
  USDC_ERC20: "9b180ab6-6abe-3dc0-a13f-04169eb34bfa",
  XIN: "c94ac88f-4671-3976-b60a-09064f1811e8",
  pUSD: "31d2ea9c-95eb-3355-b65b-ba096853bc18",
  mAED: "b5289c48-ec3a-3cdb-b2c4-0913d1812cd5",
  DOGE: "6770a1e5-6086-44d5-b60f-545f9d9e8ffd",
  LTC: "76c802a2-7c88-447f-a93e-c29c9e5dd9c8",
  TRX: "25dabac5-056a-48ff-b9f9-f67395dc407c",
  SOL: "64692c23-8971-4cf4-84a7-4dd1271dd887",
} as const;
