import { amountText } from "./amount";
import type { Cart, Product } from "./shop";

/** The menu and the order so far, with its total from Medusa. */
export function Menu(props: {
  products: Product[] | null;
  cart: Cart | null;
  busy: boolean;
  onAdd: (variantId: string) => void;
  onCheckout: () => void;
}) {
  const { products, cart, busy } = props;
  const items = cart?.items ?? [];
  return (
    <div className="menu">
      <section className="shop__panel" aria-labelledby="menu-heading">
        <h2 id="menu-heading">Menu</h2>
        {!products && <p>Loading the menu…</p>}
        <ul className="menu__products">
          {products?.map((product) => {
            const variant = product.variants?.[0];
            const price = variant?.calculated_price;
            return (
              <li key={product.id} className="menu__product">
                <span className="menu__title">{product.title}</span>
                <span className="menu__price">{amountText(price?.calculated_amount, price?.currency_code)}</span>
                <button
                  type="button"
                  className="shop__button"
                  data-testid={`add-${product.handle}`}
                  disabled={busy || !variant}
                  onClick={() => variant && props.onAdd(variant.id)}
                  aria-label={`Add ${product.title}`}
                >
                  Add
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="shop__panel menu__order" aria-labelledby="order-heading">
        <h2 id="order-heading">Your order</h2>
        {items.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ul className="menu__lines" data-testid="cart-lines">
            {items.map((item) => (
              <li key={item.id}>
                {item.quantity} × {item.title}
              </li>
            ))}
          </ul>
        )}
        <p className="menu__total">
          Total <strong data-testid="cart-total">{amountText(cart?.total ?? 0, cart?.currency_code ?? "usd")}</strong>
        </p>
        <button
          type="button"
          className="shop__button shop__button--primary"
          data-testid="checkout"
          disabled={busy || items.length === 0}
          onClick={props.onCheckout}
        >
          Checkout
        </button>
      </section>
    </div>
  );
}
