package nl.schakelpunt.access;

import java.util.Optional;

import nl.schakelpunt.access.AccessPolicy.Action;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes.Letter;

/**
 * Decides, for one request, what its requester may see and write. Plain Java: the enforcement
 * points ask, the information points have already filled in the {@link AccessContext}.
 *
 * <p>A holder sees and writes its own data; a patient sees their own record, with no time window,
 * and the records others have shared with them, but of those neither the permissions nor the audit
 * trail; an operator sees no patient data. What a treating professional sees of clinical data (the
 * patient's permissions, the role matrix, the time window) is decided by {@link ProfessionalLookups}.
 */
public final class AccessRules {

    private AccessRules() {
    }

    /** Whether the requester may see this resource. */
    public static boolean maySee(AccessPolicy policy, AccessContext context, ResourceFacts resource) {
        Optional<DataGroup> group = Optional.ofNullable(resource.group());
        if (group.isEmpty()
                || !policy.allows(context.kind(), group.get(), Action.READ)
                || !context.requester().scopes().allowsSeeing(resource.type())) {
            return false;
        }
        return switch (group.get()) {
            case DIRECTORY, CONFORMANCE, PRODUCT -> true;
            case PATIENT -> context.kind() != Kind.PATIENT || isReadableRecord(context, resource);
            // A professional's look-up of clinical data is decided further by ProfessionalLookups.
            case CLINICAL -> switch (context.kind()) {
                case PATIENT -> isReadableRecord(context, resource);
                case PROFESSIONAL -> true;
                default -> isOwnData(context, resource);
            };
            case PERMISSION -> context.kind() == Kind.PATIENT
                    ? isOwnRecord(context, resource)
                    : isOwnData(context, resource);
            // The audit trail is served by its own provider, which applies its own rule.
            case AUDIT -> false;
        };
    }

    /**
     * Why the requester may not perform this interaction on this type at all, or empty when it may
     * (the finer rules on own data apply afterwards).
     */
    public static Optional<String> refusal(AccessPolicy policy, AccessContext context, String type, Optional<DataGroup> group,
            Letter letter) {
        if (group.isEmpty()) {
            return Optional.of("Resource type " + type + " is not served");
        }
        Action action = letter == Letter.READ || letter == Letter.SEARCH ? Action.READ : Action.WRITE;
        if (!policy.allows(context.kind(), group.get(), action)) {
            return Optional.of("A requester of type " + context.kind().claimValue() + " may not "
                    + (action == Action.READ ? "read " : "write ") + type);
        }
        if (!context.requester().scopes().allows(type, letter)) {
            return Optional.of("The token's scopes do not grant '" + letter.code() + "' on " + type);
        }
        if (action == Action.WRITE && isHeldData(group.get())
                && context.requester().actsForOrganization() && !context.holder()) {
            return Optional.of("Only a data holder (GP practice, pharmacy) writes " + type
                    + "; this organisation reads");
        }
        return Optional.empty();
    }

    /** Whether this resource, already stored, belongs to the requester's own organisation. */
    public static boolean isOwnData(AccessContext context, ResourceFacts resource) {
        return context.organizationReference().map(resource.holders()::contains).orElse(false);
    }

    private static boolean isOwnRecord(AccessContext context, ResourceFacts resource) {
        return context.patientReference().map(p -> p.equals(resource.patientReference())).orElse(false);
    }

    /** The patient's own record, or one another patient shared with them. */
    private static boolean isReadableRecord(AccessContext context, ResourceFacts resource) {
        return isOwnRecord(context, resource) || context.shareOf(resource.patientReference()).isPresent();
    }

    /**
     * Data that, among organisations, only a holder writes: its clinical data, Patients, and the
     * products and directory entries that data refers to (the operator keeps the directory itself).
     * Permissions are not among them: a treating provider also records a temporary permission, and
     * the permission life cycle says who records what.
     */
    private static boolean isHeldData(DataGroup group) {
        return group == DataGroup.CLINICAL || group == DataGroup.PATIENT || group == DataGroup.PRODUCT
                || group == DataGroup.DIRECTORY;
    }
}
