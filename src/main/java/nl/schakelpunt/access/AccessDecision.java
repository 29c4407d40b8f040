package nl.schakelpunt.access;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes.Letter;

/**
 * The decision point for "may this interaction run": the requester kind's allow-list first, then
 * the policy of data groups and the token's scopes. Plain Java: the door asks it with a
 * {@link Call}, whichever way the request arrived, and gets a {@link Verdict} that names its rule.
 */
public final class AccessDecision {

    /** Operations that read terminology or check a resource, and touch no patient data. */
    private static final Set<String> DATA_FREE_OPERATIONS = Set.of("expand", "lookup", "validate-code");

    /** Operations that change the resource they are called on: the permission transitions. */
    private static final Set<String> CHANGING_OPERATIONS = Set.of("process", "withdraw");

    private final Map<Kind, AllowList> allowLists;
    private final TypePolicy types;

    public AccessDecision(Map<Kind, AllowList> allowLists, TypePolicy types) {
        this.allowLists = new EnumMap<>(allowLists);
        this.types = types;
    }

    /** The allow-list of a requester kind. */
    public Optional<AllowList> allowList(Kind kind) {
        return Optional.ofNullable(allowLists.get(kind));
    }

    /** May this requester run this call at all (before what it returns is narrowed)? */
    public Verdict mayRun(AccessContext context, Call call) {
        AllowList list = allowLists.get(context.kind());
        if (list == null) {
            return Verdict.deny("allow-list.kind", "No allow-list for requesters of type " + context.kind().claimValue());
        }
        Verdict listed = list.check(call);
        if (!listed.permitted()) {
            return listed;
        }
        if (call.type() == null || call.interaction().systemLevel()) {
            return listed;
        }
        Optional<Letter> letter = letterOf(call);
        if (letter.isPresent()) {
            Optional<String> refusal = AccessRules.refusal(context, call.type(), types.groupOf(call.type()), letter.get());
            if (refusal.isPresent()) {
                return Verdict.deny("policy.data-group", refusal.get());
            }
        }
        if (call.interaction() == Interaction.HISTORY_TYPE && types.isPatientData(call.type())) {
            return Verdict.deny("policy.history", "The history of all " + call.type() + " resources is not offered;"
                    + " ask for the history of one resource instead");
        }
        return listed;
    }

    /** The SMART letter a call needs on its type; empty for operations that touch no patient data. */
    static Optional<Letter> letterOf(Call call) {
        return switch (call.interaction()) {
            case READ, VREAD, HISTORY_INSTANCE -> Optional.of(Letter.READ);
            case SEARCH_TYPE, HISTORY_TYPE -> Optional.of(Letter.SEARCH);
            case CREATE -> Optional.of(Letter.CREATE);
            case UPDATE, PATCH -> Optional.of(Letter.UPDATE);
            case DELETE -> Optional.of(Letter.DELETE);
            case OPERATION_TYPE, OPERATION_INSTANCE -> DATA_FREE_OPERATIONS.contains(call.operation()) ? Optional.empty()
                    : Optional.of(CHANGING_OPERATIONS.contains(call.operation()) ? Letter.UPDATE : Letter.READ);
            default -> Optional.empty();
        };
    }
}
