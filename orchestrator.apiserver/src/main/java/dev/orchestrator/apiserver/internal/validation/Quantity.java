package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes resource quantity ({@code 500m}, {@code 1.5Gi}, {@code 2e3}) parsed to its exact value.
 * The grammar is that of {@code k8s.io/apimachinery/pkg/api/resource}: an optionally signed decimal
 * number (digits, digits with a fraction, or a bare fraction) followed by a binary-SI suffix
 * (Ki…Ei), a decimal-SI suffix (n u m "" k M G T P E) or a decimal exponent (e/E and an integer).
 */
public final class Quantity {

    /** Kubernetes' own wording for a quantity that does not parse. */
    public static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantity() {
    }

    /** The exact value of {@code text}, empty when it is not a quantity. */
    public static Optional<BigDecimal> parse(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int intStart = i;
        while (i < n && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            i++;
        }
        int intDigits = i - intStart;
        int fracDigits = 0;
        if (i < n && text.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            fracDigits = i - fracStart;
        }
        if (intDigits + fracDigits == 0) {
            return Optional.empty();
        }
        String number = text.substring(0, i);
        if (number.endsWith(".")) {
            number = number + "0";
        }
        if (number.startsWith(".") || number.startsWith("+.") || number.startsWith("-.")) {
            number = number.replace(".", "0.");
        }
        BigDecimal value = new BigDecimal(number);
        String suffix = text.substring(i);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier != null) {
            return Optional.of(value.multiply(multiplier));
        }
        if (suffix.length() >= 2 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            String exponent = suffix.substring(1);
            if (exponent.matches("[+-]?[0-9]{1,9}")) {
                int e = Integer.parseInt(exponent.startsWith("+") ? exponent.substring(1) : exponent);
                if (Math.abs(e) <= 1000) {
                    return Optional.of(value.scaleByPowerOfTen(e));
                }
            }
        }
        return Optional.empty();
    }

    /** A quantity in JSON: a string as above, or a plain number (as YAML writes {@code cpu: 1}). */
    public static Optional<BigDecimal> of(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        return node.isTextual() ? parse(node.asText()) : Optional.empty();
    }
}
