import { amountText } from "./amount";
import type { Order } from "./shop";

/** The confirmation: the order number the bar calls out. */
export function OrderPlaced({ order, onNewOrder }: { order: Order; onNewOrder: () => void }) {
  return (
    <section className="shop__panel placed" aria-labelledby="placed-heading" data-testid="order-placed">
      <h2 id="placed-heading">
        Order <span data-testid="order-number">#{order.display_id}</span> is placed
      </h2>
      <p>
        Paid <strong data-testid="order-total">{amountText(order.total, order.currency_code)}</strong> with MixPay. We
        call your name at the bar when it is ready; a confirmation goes to {order.email}.
      </p>
      <ul className="menu__lines" data-testid="order-lines">
        {order.items?.map((item) => (
          <li key={item.id}>
            {item.quantity} × {item.title}
          </li>
        ))}
      </ul>
      <button type="button" className="shop__button" onClick={onNewOrder}>
        Order something else
      </button>
    </section>
  );
}
