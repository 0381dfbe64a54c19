import type { ControlAction } from "./actions.js";
import type { AssetCatalog, PayeeDirectory, PayeeEntry } from "./assets.js";
import type { SimClock } from "./clock.js";
import type { Behaviour, Faults } from "./options.js";
import type { RequestLog } from "./request-log.js";
import type { ResultContext } from "./result.js";
import type { PaymentRecord, PaymentStore, PaymentTerms } from "./state.js";
import type { SimulatedPaymentView } from "./view.js";

/** What the route modules (api, control, checkout) share: the simulator's state and its operations. */
export interface SimContext {
  clock: SimClock;
  catalog: AssetCatalog;
  payees: PayeeDirectory;
  store: PaymentStore;
  /** Every /v1 request answered (GET /_control/requests). */
  requests: RequestLog;
  behaviour(): Behaviour;
  faults(): Faults;
  checkoutBaseUrl(): string;
  resultContext(): ResultContext;
  createPayment(terms: PaymentTerms): PaymentRecord;
  view(p: PaymentRecord): SimulatedPaymentView;
  act(traceId: string, action: ControlAction): SimulatedPaymentView;
  setFaults(f: Partial<Faults>): Faults;
  configure(b: Partial<Behaviour>): Behaviour;
  addPayee(entry: PayeeEntry): PayeeEntry;
  reset(): void;
  advanceClock(ms: number): void;
}
