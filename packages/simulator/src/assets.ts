import { ASSET_IDS, normalizeUuid } from "@mixpay-pos/protocol";
import { convertAmount } from "./pricing.js";

/**
 * The simulator's data: which assets can be paid, settled and quoted in, at what USD price, and who can be paid.
 * MixPay's own lists are authoritative and change; these are realistic defaults, every one replaceable by options.
 */

export interface ChainAsset {
  id: string;
  symbol: string;
  name: string;
  iconUrl: string;
}

/** A crypto asset as the simulator knows it. Prices are decimal strings (USD per unit), never floats. */
export interface SimAsset {
  assetId: string;
  symbol: string;
  name: string;
  /** "Bitcoin", "Ethereum(ERC20)", … as MixPay's lists show it. */
  network: string;
  /** The *AssetVersion field: "ERC20", "TRC20" or "". */
  version: string;
  usdPrice: string;
  requiredConfirms: number;
  /** Block explorer URL a txid is appended to. */
  explorerTxUrl: string;
  iconUrl: string;
  chainAsset: ChainAsset;
}

/** A fiat quote asset. No public list says which fiats MixPay accepts, so this list is configurable. */
export interface FiatQuoteAsset {
  /** Lower-case ISO-4217 code, e.g. "usd". */
  assetId: string;
  symbol: string;
  /** USD per one unit of this currency. */
  usdPrice: string;
  minQuoteAmount: string;
  maxQuoteAmount: string;
  decimalDigit: number;
  iconUrl?: string;
}

/** A quote asset as lookups return it: fiat or crypto, with its range. */
export interface QuoteAssetInfo {
  assetId: string;
  symbol: string;
  usdPrice: string;
  minQuoteAmount: string;
  maxQuoteAmount: string;
  decimalDigit: number;
  isAsset: boolean;
  version: string;
  iconUrl: string;
  chainAsset: ChainAsset | null;
}

export type PayeeKind = "user" | "bot" | "multisig";

export interface PayeeEntry {
  payeeId: string;
  mixinId?: string;
  name: string;
  kind: PayeeKind;
  avatarUrl?: string;
  /**
   * Fiat settlement MixPay has approved for this payee: listed by GET /setting/settlement_assets?payeeId= with
   * `isAsset: false`. How MixPay names fiat settlement assets is not public, so they are ids like any asset.
   */
  fiatSettlement?: readonly { assetId: string; symbol: string; name: string }[];
}

const icon = (symbol: string) => `https://mixpay.me/simulator/icons/${symbol.toLowerCase()}.png`;
const chain = (id: string, symbol: string, name: string): ChainAsset => ({ id, symbol, name, iconUrl: icon(symbol) });

const BTC_CHAIN = chain(ASSET_IDS.BTC, "BTC", "Bitcoin");
const ETH_CHAIN = chain(ASSET_IDS.ETH, "ETH", "Ether");
const TRX_CHAIN = chain(ASSET_IDS.TRX, "TRX", "TRON");

const ETHERSCAN = "https://etherscan.io/tx/";
const TRONSCAN = "https://tronscan.org/#/transaction/";

export const DEFAULT_ASSETS = {
  USDT_ERC20: {
    assetId: ASSET_IDS.USDT_ERC20,
    symbol: "USDT",
    name: "Tether USD",
    network: "Ethereum(ERC20)",
    version: "ERC20",
    usdPrice: "1",
    requiredConfirms: 12,
    explorerTxUrl: ETHERSCAN,
    iconUrl: icon("USDT"),
    chainAsset: ETH_CHAIN,
  },
  USDT_TRC20: {
    assetId: ASSET_IDS.USDT_TRC20,
    symbol: "USDT",
    name: "Tether USD",
    network: "Tron(TRC20)",
    version: "TRC20",
    usdPrice: "1",
    requiredConfirms: 1,
    explorerTxUrl: TRONSCAN,
    iconUrl: icon("USDT"),
    chainAsset: TRX_CHAIN,
  },
  USDC_ERC20: {
    assetId: ASSET_IDS.USDC_ERC20,
    symbol: "USDC",
    name: "USD Coin",
    network: "Ethereum(ERC20)",
    version: "ERC20",
    usdPrice: "1",
    requiredConfirms: 12,
    explorerTxUrl: ETHERSCAN,
    iconUrl: icon("USDC"),
    chainAsset: ETH_CHAIN,
  },
  BTC: {
    assetId: ASSET_IDS.BTC,
    symbol: "BTC",
    name: "Bitcoin",
    network: "Bitcoin",
    version: "",
    usdPrice: "64000",
    requiredConfirms: 1,
    explorerTxUrl: "https://blockstream.info/tx/",
    iconUrl: icon("BTC"),
    chainAsset: BTC_CHAIN,
  },
  ETH: {
    assetId: ASSET_IDS.ETH,
    symbol: "ETH",
    name: "Ether",
    network: "Ethereum",
    version: "",
    usdPrice: "3200",
    requiredConfirms: 12,
    explorerTxUrl: ETHERSCAN,
    iconUrl: icon("ETH"),
    chainAsset: ETH_CHAIN,
  },
  XIN: {
    assetId: ASSET_IDS.XIN,
    symbol: "XIN",
    name: "Mixin",
    network: "Ethereum(ERC20)",
    version: "ERC20",
    usdPrice: "160",
    requiredConfirms: 12,
    explorerTxUrl: ETHERSCAN,
    iconUrl: icon("XIN"),
    chainAsset: ETH_CHAIN,
  },
  DOGE: {
    assetId: ASSET_IDS.DOGE,
    symbol: "DOGE",
    name: "Dogecoin",
    network: "Dogecoin",
    version: "",
    usdPrice: "0.125",
    requiredConfirms: 6,
    explorerTxUrl: "https://blockchair.com/dogecoin/transaction/",
    iconUrl: icon("DOGE"),
    chainAsset: chain(ASSET_IDS.DOGE, "DOGE", "Dogecoin"),
  },
  LTC: {
    assetId: ASSET_IDS.LTC,
    symbol: "LTC",
    name: "Litecoin",
    network: "Litecoin",
    version: "",
    usdPrice: "80",
    requiredConfirms: 6,
    explorerTxUrl: "https://blockchair.com/litecoin/transaction/",
    iconUrl: icon("LTC"),
    chainAsset: chain(ASSET_IDS.LTC, "LTC", "Litecoin"),
  },
  TRX: {
    assetId: ASSET_IDS.TRX,
    symbol: "TRX",
    name: "TRON",
    network: "Tron",
    version: "",
    usdPrice: "0.25",
    requiredConfirms: 1,
    explorerTxUrl: TRONSCAN,
    iconUrl: icon("TRX"),
    chainAsset: TRX_CHAIN,
  },
  SOL: {
    assetId: ASSET_IDS.SOL,
    symbol: "SOL",
    name: "Solana",
    network: "Solana",
    version: "",
    usdPrice: "160",
    requiredConfirms: 1,
    explorerTxUrl: "https://solscan.io/tx/",
    iconUrl: icon("SOL"),
    chainAsset: chain(ASSET_IDS.SOL, "SOL", "Solana"),
  },
  pUSD: {
    assetId: ASSET_IDS.pUSD,
    symbol: "pUSD",
    name: "Pando USD",
    network: "Mixin",
    version: "",
    usdPrice: "1",
    requiredConfirms: 1,
    explorerTxUrl: "https://viewblock.io/mixin/tx/",
    iconUrl: icon("pUSD"),
    chainAsset: chain(ASSET_IDS.pUSD, "pUSD", "Pando USD"),
  },
  mAED: {
    assetId: ASSET_IDS.mAED,
    symbol: "mAED",
    name: "Meta AED",
    network: "Ethereum(ERC20)",
    version: "ERC20",
    usdPrice: "0.2723",
    requiredConfirms: 12,
    explorerTxUrl: ETHERSCAN,
    iconUrl: icon("mAED"),
    chainAsset: ETH_CHAIN,
  },
} satisfies Record<string, SimAsset>;

const A = DEFAULT_ASSETS;
/** The checkout's list, in order; the first one is the default payment asset. */
export const DEFAULT_PAYMENT_ASSETS: readonly SimAsset[] = [
  A.USDT_ERC20,
  A.USDT_TRC20,
  A.USDC_ERC20,
  A.BTC,
  A.ETH,
  A.XIN,
  A.DOGE,
  A.LTC,
  A.TRX,
  A.SOL,
];
/** What a payee can receive. LTC, TRX and SOL are payable but not settleable here (→ 10002 as settlement asset). */
export const DEFAULT_SETTLEMENT_ASSETS: readonly SimAsset[] = [
  A.USDT_ERC20,
  A.USDT_TRC20,
  A.USDC_ERC20,
  A.BTC,
  A.ETH,
  A.XIN,
  A.DOGE,
  A.pUSD,
  A.mAED,
];
export const DEFAULT_CRYPTO_QUOTE_ASSET_IDS: readonly string[] = [
  ASSET_IDS.BTC,
  ASSET_IDS.ETH,
  ASSET_IDS.USDT_ERC20,
  ASSET_IDS.USDT_TRC20,
  ASSET_IDS.USDC_ERC20,
  ASSET_IDS.XIN,
];

/** USD 0.1–1000 as in MixPay's 2022 quote list; the other fiats are roughly the same range in their unit. */
export const DEFAULT_FIATS: readonly FiatQuoteAsset[] = [
  { assetId: "usd", symbol: "USD", usdPrice: "1", minQuoteAmount: "0.1", maxQuoteAmount: "1000", decimalDigit: 2 },
  { assetId: "eur", symbol: "EUR", usdPrice: "1.08", minQuoteAmount: "0.1", maxQuoteAmount: "1000", decimalDigit: 2 },
  { assetId: "aed", symbol: "AED", usdPrice: "0.2723", minQuoteAmount: "0.5", maxQuoteAmount: "3600", decimalDigit: 2 },
];

/** The USD range crypto quote assets are derived from. */
const CRYPTO_QUOTE_USD_RANGE = { min: "0.1", max: "1000" } as const;

export const DEMO_PAYEE_ID = "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e";

export const DEFAULT_PAYEES: readonly PayeeEntry[] = [
  { payeeId: DEMO_PAYEE_ID, mixinId: "7000104111", name: "Demo Coffee Bar", kind: "bot" },
  { payeeId: "3f1c9a2e-6b4d-4e8f-a1c2-7d9e0b3a5c6f", mixinId: "37160854", name: "Alice", kind: "user" },
  {
    payeeId: "9c4e2a7b-3d1f-4b8a-8e6c-5a2d7f9b1c3e",
    mixinId: "31293745",
    name: "Bob",
    kind: "user",
    fiatSettlement: [
      { assetId: "f1a7c0de-5e77-4c1e-9d0a-00000000e5d0", symbol: "USD", name: "US Dollar (bank payout)" },
    ],
  },
  { payeeId: "a7e3c1d9-5b2f-4d6a-9c8e-1f3b5d7a9e2c", mixinId: "7000103716", name: "Till Bot", kind: "bot" },
  { payeeId: "d4b2f6a8-0c1e-4a3b-8d5f-7e9c1a3b5d7f", name: "Ops multisig (2/3)", kind: "multisig" },
];

export interface CatalogData {
  paymentAssets: readonly SimAsset[];
  settlementAssets: readonly SimAsset[];
  fiats: readonly FiatQuoteAsset[];
  cryptoQuoteAssetIds: readonly string[];
}

/** Lookups over the asset lists. Ids are compared lower-case. */
export class AssetCatalog {
  private readonly byId = new Map<string, SimAsset>();
  private readonly payment = new Map<string, SimAsset>();
  private readonly settlement = new Map<string, SimAsset>();
  private readonly quotes = new Map<string, QuoteAssetInfo>();

  constructor(private readonly data: CatalogData) {
    for (const a of [...data.paymentAssets, ...data.settlementAssets]) this.byId.set(a.assetId.toLowerCase(), a);
    for (const a of data.paymentAssets) this.payment.set(a.assetId.toLowerCase(), a);
    for (const a of data.settlementAssets) this.settlement.set(a.assetId.toLowerCase(), a);
    for (const f of data.fiats) {
      this.quotes.set(f.assetId.toLowerCase(), {
        assetId: f.assetId.toLowerCase(),
        symbol: f.symbol,
        usdPrice: f.usdPrice,
        minQuoteAmount: f.minQuoteAmount,
        maxQuoteAmount: f.maxQuoteAmount,
        decimalDigit: f.decimalDigit,
        isAsset: false,
        version: "",
        iconUrl: f.iconUrl ?? `https://mixpay.me/fiats/${f.assetId.toLowerCase()}.svg`,
        chainAsset: null,
      });
    }
    for (const id of data.cryptoQuoteAssetIds) {
      const a = this.byId.get(id.toLowerCase());
      if (!a) throw new Error(`crypto quote asset ${id} is neither a payment nor a settlement asset`);
      this.quotes.set(a.assetId.toLowerCase(), {
        assetId: a.assetId,
        symbol: a.symbol,
        usdPrice: a.usdPrice,
        minQuoteAmount: convertAmount(CRYPTO_QUOTE_USD_RANGE.min, "1", a.usdPrice, "up"),
        maxQuoteAmount: convertAmount(CRYPTO_QUOTE_USD_RANGE.max, "1", a.usdPrice, "down"),
        decimalDigit: 8,
        isAsset: true,
        version: a.version,
        iconUrl: a.iconUrl,
        chainAsset: a.chainAsset,
      });
    }
  }

  asset(id: string): SimAsset | undefined {
    return this.byId.get(id.toLowerCase());
  }
  paymentAsset(id: string): SimAsset | undefined {
    return this.payment.get(id.toLowerCase());
  }
  settlementAsset(id: string): SimAsset | undefined {
    return this.settlement.get(id.toLowerCase());
  }
  quoteAsset(id: string): QuoteAssetInfo | undefined {
    return this.quotes.get(id.toLowerCase());
  }
  paymentAssets(): readonly SimAsset[] {
    return this.data.paymentAssets;
  }
  settlementAssets(): readonly SimAsset[] {
    return this.data.settlementAssets;
  }
  quoteAssets(): QuoteAssetInfo[] {
    return [...this.quotes.values()];
  }
  defaultPaymentAsset(): SimAsset {
    const first = this.data.paymentAssets[0];
    if (!first) throw new Error("the simulator needs at least one payment asset");
    return first;
  }
}

/** Who can be paid. A payee id not in here answers 10001 "User does not exist." */
export class PayeeDirectory {
  private readonly entries = new Map<string, PayeeEntry>();

  constructor(private readonly initial: readonly PayeeEntry[]) {
    this.reset();
  }

  reset(): void {
    this.entries.clear();
    for (const p of this.initial) this.add(p);
  }

  add(entry: PayeeEntry): PayeeEntry {
    const normalized = { ...entry, payeeId: normalizeUuid(entry.payeeId) };
    this.entries.set(normalized.payeeId, normalized);
    return normalized;
  }

  get(payeeId: string): PayeeEntry | undefined {
    return this.entries.get(normalizeUuid(payeeId));
  }

  byMixinId(mixinId: string): PayeeEntry | undefined {
    for (const p of this.entries.values()) if (p.mixinId === mixinId) return p;
    return undefined;
  }

  list(): PayeeEntry[] {
    return [...this.entries.values()];
  }
}
