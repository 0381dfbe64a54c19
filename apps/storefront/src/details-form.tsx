import { type FormEvent, useState } from "react";
import { amountText } from "./amount";
import type { Cart } from "./shop";

export interface CustomerDetails {
  email: string;
  firstName: string;
  lastName: string;
}

/** Who collects the order: the name called at the bar and the email for the confirmation. */
export function DetailsForm(props: {
  cart: Cart;
  busy: boolean;
  onBack: () => void;
  onSubmit: (details: CustomerDetails) => void;
}) {
  const { cart } = props;
  const [details, setDetails] = useState<CustomerDetails>({
    email: cart.email ?? "",
    firstName: cart.billing_address?.first_name ?? "",
    lastName: cart.billing_address?.last_name ?? "",
  });
  const field = (name: keyof CustomerDetails) => ({
    value: details[name],
    onChange: (e: { target: { value: string } }) => setDetails({ ...details, [name]: e.target.value }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(details);
  };
  return (
    <form className="shop__panel details" onSubmit={submit} aria-labelledby="details-heading">
      <h2 id="details-heading">Your details</h2>
      <label>
        Email
        <input type="email" name="email" autoComplete="email" required data-testid="email" {...field("email")} />
      </label>
      <div className="details__names">
        <label>
          First name
          <input
            name="first_name"
            autoComplete="given-name"
            required
            data-testid="first-name"
            {...field("firstName")}
          />
        </label>
        <label>
          Last name
          <input name="last_name" autoComplete="family-name" required data-testid="last-name" {...field("lastName")} />
        </label>
      </div>
      <p>
        To pay <strong data-testid="details-total">{amountText(cart.total, cart.currency_code)}</strong>, collected at
        the bar.
      </p>
      <div className="details__actions">
        <button type="button" className="shop__button" onClick={props.onBack}>
          Back to the menu
        </button>
        <button
          type="submit"
          className="shop__button shop__button--primary"
          data-testid="pay-with-mixpay"
          disabled={props.busy}
          aria-busy={props.busy}
        >
          {props.busy ? "Creating the payment…" : "Pay with crypto (MixPay)"}
        </button>
      </div>
    </form>
  );
}
