package nl.schakelpunt.consent;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The permission decision, the single source of truth for every look-up: may a requester see data
 * of a category held by a holder about a patient at a moment, given the patient's permissions?
 * Plain Java: no Spring, no database; the caller supplies the facts.
 *
 * <ol>
 * <li>The purpose must be treatment or emergency treatment.
 * <li>The holder's own permission in force decides; without one, for a pharmacy in a health centre
 *     whose GP permission covers its pharmacy, the permission at the centre's GP practice decides.
 * <li>A refusal denies, whatever else there is.
 * <li>A permission lets data through when it is given for the purpose, covers the data category,
 *     and none of its narrowings excludes the requester's category for that purpose and category.
 * <li>A temporary permission given at the point of care (72 hours) lets only the organisation that
 *     recorded it through, on the same terms.
 * <li>Anything else (no choice recorded, a request still proposed, rejected, withdrawn, expired,
 *     an unknown requester category) denies.
 * </ol>
 */
public final class PermissionDecision {

    /**
     * Who asks: the category of their organisation, their purpose, their organisation's id, and
     * whether they give emergency care (an out-of-hours GP service or an emergency department).
     */
    public record Requester(String recipientCategory, String purpose, String organizationId, boolean emergencyCare) {

        public Requester(String recipientCategory, String purpose, String organizationId) {
            this(recipientCategory, purpose, organizationId, false);
        }
    }

    /** The holder of the data, and the health centre it belongs to, if any. */
    public record Holder(String id, String type, Centre centre) {
    }

    /** A health centre: its GP practices, and whether a permission given to them covers its pharmacy. */
    public record Centre(String id, boolean gpPermissionCoversPharmacy, Set<String> gpPracticeIds) {
    }

    /** The answer, with the reason: a code for machines and a sentence for people. */
    public record Answer(boolean permit, Reason reason, String permissionId) {

        public static Answer deny(Reason reason) {
            return new Answer(false, reason, null);
        }
    }

    public enum Reason {
        PERMITTED("permitted by the patient's permission at the holder"),
        PERMITTED_BY_CENTRE("permitted by the patient's permission at the health centre's GP practice"),
        PERMITTED_TEMPORARILY("permitted by a temporary permission given at the point of care"),
        PERMITTED_BY_EMERGENCY_REGIME("no choice recorded; permitted by the temporary emergency regime"),
        PURPOSE_NOT_ALLOWED("look-ups are allowed for treatment or emergency treatment only"),
        UNKNOWN_REQUESTER_CATEGORY("the requester's organisation type has no recipient category"),
        NO_PERMISSION("no permission in force at this holder"),
        REFUSED("the patient refused sharing at this holder"),
        PURPOSE_NOT_COVERED("the permission is not given for this purpose"),
        CATEGORY_NOT_COVERED("the permission does not cover this data category"),
        EXCLUDED("the permission excludes this requester category for this purpose");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public static final String PHARMACY_TYPE = "J8";

    private PermissionDecision() {
    }

    /** The GP practice types whose summary the emergency regime opens. */
    public static final Set<String> GP_TYPES = Set.of("Z3", "K3");

    /** Decides one look-up. {@code permissions} are the patient's, at any holder, in any state. */
    public static Answer decide(Requester requester, String dataCategory, Holder holder, Instant at,
            List<Permission> permissions) {
        return decide(requester, dataCategory, holder, at, permissions, false);
    }

    /**
     * Decides one look-up, knowing whether the temporary emergency regime is on at that moment: then
     * emergency care looking up for emergency treatment sees the GP summary (not medication) of a
     * patient who recorded no choice at the GP practice: no permission, refusal or withdrawal, ever
     * (a request still waiting or rejected is no choice). A refusal always denies.
     */
    public static Answer decide(Requester requester, String dataCategory, Holder holder, Instant at,
            List<Permission> permissions, boolean emergencyRegime) {
        Answer answer = decideOnPermissions(requester, dataCategory, holder, at, permissions);
        if (!answer.permit() && answer.reason() == Reason.NO_PERMISSION && emergencyRegime
                && requester.emergencyCare()
                && PermissionCodes.EMERGENCY_TREATMENT.equals(requester.purpose())
                && GP_TYPES.contains(holder.type())
                && !PermissionCodes.MEDICATION.equals(dataCategory)
                && permissions.stream().noneMatch(p -> holder.id().equals(p.holderId()) && !p.isTemporary()
                        && (p.status() == Permission.Status.ACTIVE || p.status() == Permission.Status.INACTIVE))) {
            return new Answer(true, Reason.PERMITTED_BY_EMERGENCY_REGIME, null);
        }
        return answer;
    }

    private static Answer decideOnPermissions(Requester requester, String dataCategory, Holder holder, Instant at,
            List<Permission> permissions) {
        if (!PermissionCodes.TREATMENT.equals(requester.purpose())
                && !PermissionCodes.EMERGENCY_TREATMENT.equals(requester.purpose())) {
            return Answer.deny(Reason.PURPOSE_NOT_ALLOWED);
        }
        if (requester.recipientCategory() == null) {
            return Answer.deny(Reason.UNKNOWN_REQUESTER_CATEGORY);
        }
        Optional<Permission> own = latest(permissions, at, p -> !p.isTemporary() && p.holderId().equals(holder.id()));
        Reason permitReason = Reason.PERMITTED;
        Optional<Permission> ruling = own;
        if (own.isEmpty() && coveredByCentre(holder)) {
            ruling = latest(permissions, at,
                    p -> !p.isTemporary() && holder.centre().gpPracticeIds().contains(p.holderId()));
            permitReason = Reason.PERMITTED_BY_CENTRE;
        }
        if (ruling.isPresent() && ruling.get().refusal()) {
            return new Answer(false, Reason.REFUSED, ruling.get().id());
        }
        Answer answer = ruling.map(p -> terms(p, requester, dataCategory)).orElse(Answer.deny(Reason.NO_PERMISSION));
        if (answer.permit()) {
            return new Answer(true, permitReason, ruling.get().id());
        }
        Optional<Permission> temporary = latest(permissions, at, p -> p.isTemporary() && !p.refusal()
                && p.holderId().equals(holder.id()) && p.recipientOrganizationId().equals(requester.organizationId()));
        if (temporary.isPresent()) {
            Answer onTemporary = terms(temporary.get(), requester, dataCategory);
            if (onTemporary.permit()) {
                return new Answer(true, Reason.PERMITTED_TEMPORARILY, temporary.get().id());
            }
        }
        return answer;
    }

    private static boolean coveredByCentre(Holder holder) {
        return PHARMACY_TYPE.equals(holder.type()) && holder.centre() != null
                && holder.centre().gpPermissionCoversPharmacy();
    }

    /** Whether a permit's own terms let this look-up through. */
    private static Answer terms(Permission permission, Requester requester, String dataCategory) {
        if (!permission.purposes().contains(requester.purpose())) {
            return new Answer(false, Reason.PURPOSE_NOT_COVERED, permission.id());
        }
        if (!DataCategories.anyCovers(permission.dataCategories(), dataCategory)) {
            return new Answer(false, Reason.CATEGORY_NOT_COVERED, permission.id());
        }
        for (Permission.Exclusion exclusion : permission.exclusions()) {
            if (matches(exclusion.recipientCategories(), requester.recipientCategory())
                    && matches(exclusion.purposes(), requester.purpose())
                    && (exclusion.dataCategories().isEmpty()
                        || DataCategories.anyCovers(exclusion.dataCategories(), dataCategory))) {
                return new Answer(false, Reason.EXCLUDED, permission.id());
            }
        }
        return new Answer(true, Reason.PERMITTED, permission.id());
    }

    private static boolean matches(Set<String> values, String value) {
        return values.isEmpty() || values.contains(value);
    }

    /** The permission in force at the moment that was given last, among those selected. */
    private static Optional<Permission> latest(List<Permission> permissions, Instant at,
            Predicate<Permission> selected) {
        return permissions.stream()
                .filter(selected)
                .filter(p -> p.isEffectiveAt(at))
                .max(Comparator.comparing(Permission::recorded, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Permission::id));
    }
}
