package dev.flightpipeline.events;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount in a currency, as Duffel gives it.
 *
 * @param amount a decimal string with the currency's own precision, e.g. {@code "412.70"}
 * @param currency an ISO 4217 code, e.g. {@code "GBP"}
 */
public record Money(String amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount.toPlainString(), currency);
    }

    public BigDecimal decimal() {
        return new BigDecimal(amount);
    }

    /** The same sum whatever the trailing zeros: {@code 10.0 GBP} equals {@code 10.00 GBP}. */
    public boolean sameSumAs(Money other) {
        return other != null && currency.equals(other.currency) && decimal().compareTo(other.decimal()) == 0;
    }
}
