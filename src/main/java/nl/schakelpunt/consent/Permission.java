package nl.schakelpunt.consent;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A patient's permission (or refusal) for one data holder, as the decision needs it: plain data,
 * read from a FHIR Consent by {@link Permissions}.
 *
 * @param id                  the Consent's id
 * @param holderId            the id of the holder's Organization
 * @param status              the Consent's status
 * @param refusal             true when the patient refused (the provision denies)
 * @param channel             how it was given: verbal, paper, online or point-of-care
 * @param start               from when it applies (inclusive)
 * @param end                 until when it applies (exclusive), or null for no end
 * @param recorded            when it was given; of two effective permissions the later wins
 * @param purposes            the purposes it is given for (TREAT, ETREAT)
 * @param dataCategories      the data categories it covers; empty for all
 * @param exclusions          the narrowings: nested provisions that deny
 * @param recipientOrganizationId for a temporary permission given at the point of care, the only
 *                            organisation it lets see the data; null for a holder's permission
 */
public record Permission(
        String id,
        String holderId,
        Status status,
        boolean refusal,
        String channel,
        Instant start,
        Instant end,
        Instant recorded,
        Set<String> purposes,
        Set<String> dataCategories,
        List<Exclusion> exclusions,
        String recipientOrganizationId) {

    /** The states of a permission (the Consent status codes). */
    public enum Status {
        PROPOSED("proposed"), ACTIVE("active"), REJECTED("rejected"), INACTIVE("inactive"),
        ENTERED_IN_ERROR("entered-in-error"), DRAFT("draft");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * A narrowing: data is not shared when the requester's category, the purpose and the data
     * category all match (an empty set matches everything).
     */
    public record Exclusion(Set<String> recipientCategories, Set<String> purposes, Set<String> dataCategories) {
    }

    public boolean isTemporary() {
        return recipientOrganizationId != null;
    }

    /** Whether it is in force at this moment. */
    public boolean isEffectiveAt(Instant at) {
        return status == Status.ACTIVE
                && (start == null || !at.isBefore(start))
                && (end == null || at.isBefore(end));
    }
}
