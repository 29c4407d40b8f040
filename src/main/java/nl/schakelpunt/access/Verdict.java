package nl.schakelpunt.access;

/**
 * The answer of the decision point: permit or deny, the rule that decided, and why, in words the
 * audit trail and a client's developer can read.
 *
 * @param permitted whether the request, search or resource may go through
 * @param rule      the name of the rule that decided, such as {@code allow-list.parameter}
 * @param reason    why
 */
public record Verdict(boolean permitted, String rule, String reason) {

    public static Verdict permit(String rule, String reason) {
        return new Verdict(true, rule, reason);
    }

    public static Verdict deny(String rule, String reason) {
        return new Verdict(false, rule, reason);
    }
}
