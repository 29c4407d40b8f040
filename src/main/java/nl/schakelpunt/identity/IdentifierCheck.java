package nl.schakelpunt.identity;

import java.util.Optional;

/**
 * The format rules of Dutch identifiers. Each check answers what is wrong with a value, or nothing
 * when it is valid.
 */
public final class IdentifierCheck {

    private static final int[] BSN_WEIGHTS = {9, 8, 7, 6, 5, 4, 3, 2, -1};

    private IdentifierCheck() {
    }

    /**
     * A BSN is nine digits whose weighted sum (9·d1 + 8·d2 + ... + 2·d8 − d9) is divisible by 11
     * (the "elfproef"), and not all zeros.
     */
    public static Optional<String> bsn(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("BSN is empty");
        }
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("BSN '" + value + "' must consist of digits only");
        }
        if (value.length() != 9) {
            return Optional.of("BSN '" + value + "' must have 9 digits, has " + value.length());
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += BSN_WEIGHTS[i] * (value.charAt(i) - '0');
        }
        if (sum == 0) {
            return Optional.of("BSN '" + value + "' is all zeros");
        }
        if (sum % 11 != 0) {
            return Optional.of("BSN '" + value + "' fails the 11-check");
        }
        return Optional.empty();
    }

    /** A URA is the eight-digit organisation number of the UZI register. */
    public static Optional<String> ura(String value) {
        return eightDigits("URA", value);
    }

    /** An AGB code is eight digits. */
    public static Optional<String> agb(String value) {
        return eightDigits("AGB code", value);
    }

    private static Optional<String> eightDigits(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(name + " is empty");
        }
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(name + " '" + value + "' must consist of digits only");
        }
        if (value.length() != 8) {
            return Optional.of(name + " '" + value + "' must have 8 digits, has " + value.length());
        }
        return Optional.empty();
    }
}
