package dev.orchestrator.support.quota;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Writes an exact amount back as a Kubernetes quantity, in the shortest exact form Kubernetes would print for a
 * computed sum: whole amounts with the largest binary suffix that divides them (memory: {@code 256Mi}), else the
 * largest decimal one ({@code 2k}), else bare; fractions in milli ({@code 500m}) or nano units.
 */
public final class Quantities {

    private record Suffix(String name, BigInteger factor) {
    }

    private static final List<Suffix> BINARY = List.of(new Suffix("Ei", BigInteger.TWO.pow(60)),
            new Suffix("Pi", BigInteger.TWO.pow(50)), new Suffix("Ti", BigInteger.TWO.pow(40)),
            new Suffix("Gi", BigInteger.TWO.pow(30)), new Suffix("Mi", BigInteger.TWO.pow(20)),
            new Suffix("Ki", BigInteger.TWO.pow(10)));
    private static final List<Suffix> DECIMAL = List.of(new Suffix("E", BigInteger.TEN.pow(18)),
            new Suffix("P", BigInteger.TEN.pow(15)), new Suffix("T", BigInteger.TEN.pow(12)),
            new Suffix("G", BigInteger.TEN.pow(9)), new Suffix("M", BigInteger.TEN.pow(6)),
            new Suffix("k", BigInteger.TEN.pow(3)));

    private Quantities() {
    }

    /** The exact amount of a quantity in JSON (a string, or a plain number as YAML writes {@code cpu: 1}); 0 when it does not parse. */
    public static BigDecimal amount(com.fasterxml.jackson.databind.JsonNode quantity) {
        if (quantity == null || quantity.isMissingNode() || quantity.isNull()) {
            return BigDecimal.ZERO;
        }
        if (quantity.isNumber()) {
            return quantity.decimalValue();
        }
        try {
            return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                    new io.fabric8.kubernetes.api.model.Quantity(quantity.asText()));
        } catch (RuntimeException notAQuantity) {
            return BigDecimal.ZERO; // validation refuses such objects; one stored before counts for nothing
        }
    }

    /** @param resource the resource's name: CPU amounts never take binary suffixes */
    public static String format(String resource, BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return "0";
        }
        if (stripped.scale() <= 0) {
            BigInteger whole = stripped.toBigIntegerExact();
            boolean cpu = resource.endsWith("cpu");
            for (Suffix s : cpu ? DECIMAL : concat()) {
                if (whole.abs().compareTo(s.factor()) >= 0 && whole.mod(s.factor()).signum() == 0) {
                    return whole.divide(s.factor()) + s.name();
                }
            }
            return whole.toString();
        }
        BigDecimal milli = stripped.movePointRight(3);
        if (milli.stripTrailingZeros().scale() <= 0) {
            return milli.toBigInteger() + "m";
        }
        return stripped.movePointRight(9).setScale(0, java.math.RoundingMode.CEILING).toBigInteger() + "n";
    }

    private static List<Suffix> concat() {
        List<Suffix> all = new java.util.ArrayList<>(BINARY);
        all.addAll(DECIMAL);
        return all;
    }
}
