package nl.schakelpunt.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART on FHIR scopes of a token, for resource access: {@code patient/}, {@code user/} or
 * {@code system/}, a resource type or {@code *}, and the v2 letters {@code c r u d s} (the v1 forms
 * {@code read}, {@code write} and {@code *} are understood too). Scopes only narrow what the
 * requester's kind allows; the context prefix grants nothing by itself. A scope with a query
 * ({@code ?category=...}) grants nothing, because a restriction the server cannot enforce exactly
 * must not widen access.
 */
public final class Scopes {

    /** An interaction's SMART letter. */
    public enum Letter { CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

        private final char code;

        Letter(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }
    }

    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.([a-z*]+)");
    private static final Pattern V2_LETTERS = Pattern.compile("c?r?u?d?s?");

    private record Grant(String type, String letters) {
    }

    private final String text;
    private final List<Grant> grants;

    private Scopes(String text, List<Grant> grants) {
        this.text = text;
        this.grants = grants;
    }

    /** Parses a space-separated scope claim; scopes that are not resource scopes are ignored. */
    public static Scopes parse(String claim) {
        String text = claim == null ? "" : claim.trim();
        List<Grant> grants = new ArrayList<>();
        for (String scope : text.split("\\s+")) {
            Matcher m = SCOPE.matcher(scope);
            if (!m.matches()) {
                continue;
            }
            String letters = switch (m.group(3)) {
                case "read" -> "rs";
                case "write" -> "cud";
                case "*" -> "cruds";
                default -> V2_LETTERS.matcher(m.group(3)).matches() ? m.group(3) : "";
            };
            if (!letters.isEmpty()) {
                grants.add(new Grant(m.group(2), letters));
            }
        }
        return new Scopes(text, List.copyOf(grants));
    }

    /** Whether some scope grants this interaction on this resource type. */
    public boolean allows(String resourceType, Letter letter) {
        for (Grant grant : grants) {
            if ((grant.type().equals("*") || grant.type().equals(resourceType))
                    && grant.letters().indexOf(letter.code()) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether some scope lets the requester see resources of this type (read or search). */
    public boolean allowsSeeing(String resourceType) {
        return allows(resourceType, Letter.READ) || allows(resourceType, Letter.SEARCH);
    }

    public boolean isEmpty() {
        return grants.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
