import { MixpayCheckout, mixpaySessionOf } from "@mixpay-pos/storefront-react";
import { useCallback, useEffect, useState } from "react";
import { DetailsForm } from "./details-form";
import { Menu } from "./menu";
import { OrderPlaced } from "./order-placed";
import { type Cart, errorText, type Order, type Product, type Region, type Shop } from "./shop";

/**
 * The example storefront: pick from the menu, give a name and email, pay with MixPay, collect at the bar. Each
 * step is one of Medusa's store API calls; the payment step is `MixpayCheckout` and nothing of our own.
 */

type Step = "menu" | "details" | "payment" | "placed";

export function App({ shop }: { shop: Shop }) {
  const [region, setRegion] = useState<Region | null>(null);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [cart, setCart] = useState<Cart | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [step, setStep] = useState<Step>("menu");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const loaded = await shop.region();
      setRegion(loaded);
      setProducts(await shop.products(loaded.id));
      const saved = await shop.savedCart();
      if (!saved) return;
      if (saved.completed) {
        // Paid while this page was closed: the plugin made the order; show it.
        setOrder(await shop.placeOrder(saved.cart.id));
        setStep("placed");
        return;
      }
      setCart(saved.cart);
      // Back from the wallet app, or a reload mid-payment: straight to the payment.
      if (mixpaySessionOf(saved.cart.payment_collection)) setStep("payment");
    })().catch((e) => setError(errorText(e)));
  }, [shop]);

  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const placeOrder = useCallback(async () => {
    if (!cart) return;
    setOrder(await shop.placeOrder(cart.id));
    setStep("placed");
  }, [cart, shop]);

  return (
    <div className="shop">
      <header className="shop__header">
        <h1>MixPay Coffee Bar</h1>
        <p>Order ahead, pay with crypto, collect at the bar.</p>
      </header>
      <main className="shop__main" data-testid="step" data-step={step}>
        {error && (
          <p className="shop__error" role="alert" data-testid="shop-error">
            {error}
          </p>
        )}
        {step === "menu" && (
          <Menu
            products={products}
            cart={cart}
            busy={busy || !region}
            onAdd={(variantId) =>
              run(async () => {
                if (region) setCart(await shop.addItem(cart, region.id, variantId));
              })
            }
            onCheckout={() => setStep("details")}
          />
        )}
        {step === "details" && cart && region && (
          <DetailsForm
            cart={cart}
            busy={busy}
            onBack={() => setStep("menu")}
            onSubmit={(details) =>
              run(async () => {
                const withCustomer = await shop.setCustomer(cart, details, region);
                setCart(await shop.payWithMixpay(withCustomer));
                setStep("payment");
              })
            }
          />
        )}
        {step === "payment" && cart && (
          <section className="shop__panel" aria-labelledby="pay-heading">
            <h2 id="pay-heading">Pay with crypto</h2>
            <MixpayCheckout sdk={shop.sdk} cart={cart} placeOrder={placeOrder} />
            <button type="button" className="shop__link" data-testid="back-to-order" onClick={() => setStep("details")}>
              Back to your details
            </button>
          </section>
        )}
        {step === "placed" && order && (
          <OrderPlaced
            order={order}
            onNewOrder={() => {
              setCart(null);
              setOrder(null);
              setStep("menu");
            }}
          />
        )}
      </main>
    </div>
  );
}
