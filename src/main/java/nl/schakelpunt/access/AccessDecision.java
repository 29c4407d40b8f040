package nl.schakelpunt.access;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;

import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes.Letter;

/**
 * The decision point. It answers "may this interaction run" (the requester kind's allow-list, then
 * the policy of data groups and the token's scopes) and "may this resource be shown" (own data, own
 * record, and for a professional the role matrix, the window and the patient's permissions), each
 * with a {@link Verdict} that names its rule. Plain Java: the enforcement points ask it with a
 * {@link Call} or the facts of a resource, and hand it what the information points know
 * ({@link Answers}); how a search is narrowed before it runs follows the same rules
 * ({@link RequestGate}, {@link ProfessionalLookups}).
 */
public final class AccessDecision {

    /** Operations that read terminology or check a resource, and touch no patient data. */
    private static final Set<String> DATA_FREE_OPERATIONS = Set.of("expand", "lookup", "validate-code");

    /** Operations that change the resource they are called on: the permission transitions. */
    private static final Set<String> CHANGING_OPERATIONS = Set.of("process", "withdraw");

    /** What the information points know, for one request, that a decision to show needs. */
    public interface Answers {

        /** The moment of the request, from which the window is measured. */
        Instant now();

        /** The patients' permissions, read once for the request. */
        PermissionGate.Session permissions();

        /** Whether the requester's organisation sent this Patient or holds data about them. */
        boolean organizationHoldsDataAbout(String patientId);
    }

    private final Map<Kind, AllowList> allowLists;
    private final TypePolicy types;
    private final SummaryRules summary;

    public AccessDecision(Map<Kind, AllowList> allowLists, TypePolicy types, SummaryRules summary) {
        this.allowLists = new EnumMap<>(allowLists);
        this.types = types;
        this.summary = summary;
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

    /**
     * May the requester be shown this resource? With the resource itself (the second line, on what
     * is about to be returned) its window and data category are checked too; without it (the door,
     * on a request by id, from the index) they are checked when it is shown.
     *
     * @param facts          the resource's type, group, holders and patient
     * @param resource       the resource, or null when only its facts in the index are known
     * @param namedByRequester whether the requester wrote this Patient or found it by the BSN it knows
     */
    public Verdict mayShow(AccessContext context, ResourceFacts facts, IBaseResource resource, Answers answers,
            boolean namedByRequester) {
        String what = facts.type() + "/" + facts.id();
        if (!AccessRules.maySee(context, facts)) {
            return Verdict.deny("policy.own-data", what + " is withheld: " + (context.kind() == Kind.PATIENT
                    ? "it is not about the requesting patient"
                    : "it belongs to another organisation's data, or to data this requester does not see"));
        }
        if (facts.group() == DataGroup.PATIENT && context.requester().actsForOrganization()) {
            return namedByRequester ? Verdict.permit("patient.named", what + " was written or found by BSN")
                    : patientRelation(context, facts, answers);
        }
        if (facts.group() == DataGroup.CLINICAL && context.kind() == Kind.PROFESSIONAL) {
            return lookUp(context, facts, resource, answers);
        }
        return Verdict.permit("policy", what + " may be seen");
    }

    /** A Patient: only with a reason to know that the person is known here. */
    private Verdict patientRelation(AccessContext context, ResourceFacts facts, Answers answers) {
        String what = facts.type() + "/" + facts.id();
        if (answers.organizationHoldsDataAbout(facts.id())) {
            return Verdict.permit("patient.relation", what + ": the requester's organisation holds data about them");
        }
        if (context.kind() == Kind.PROFESSIONAL) {
            for (SummaryRules.Part part : SummaryRules.Part.values()) {
                if (summary.roleMaySee(context.requester().uziRole(), part)) {
                    for (String category : summary.categoriesOf(part)) {
                        if (!answers.permissions().permittedHolders(facts.id(), category).isEmpty()) {
                            return Verdict.permit("patient.relation", what + ": the patient's permission lets "
                                    + category + " through to this professional");
                        }
                    }
                }
            }
        }
        return Verdict.deny("patient.relation", what + " is withheld: no data of the requester's organisation"
                + " about this patient, and no permission of the patient that lets the requester's role see any"
                + " part of the summary");
    }

    /** A professional's look-up of clinical data: role matrix, window, own data or the patient's permission. */
    private Verdict lookUp(AccessContext context, ResourceFacts facts, IBaseResource resource, Answers answers) {
        String what = facts.type() + "/" + facts.id();
        Optional<SummaryRules.Part> part = summary.partOf(facts.type());
        if (part.isEmpty() || !summary.roleMaySee(context.requester().uziRole(), part.get())) {
            return Verdict.deny("summary.role-matrix", what + " is withheld: role " + context.requester().uziRole()
                    + " does not see this part of the summary");
        }
        if (resource != null && !summary.inWindow(resource, answers.now())) {
            return Verdict.deny("summary.window", what + " is withheld: it lies outside the window");
        }
        if (AccessRules.isOwnData(context, facts)) {
            return Verdict.permit("own-data", what + " is the professional's own organisation's data");
        }
        if (facts.patientReference() == null || facts.holders().size() != 1) {
            return Verdict.deny("permission.holder", what + " is withheld: it names no single holder and patient");
        }
        String patientId = facts.patientReference().substring("Patient/".length());
        String holder = facts.holders().iterator().next();
        String holderId = holder.substring("Organization/".length());
        List<String> categories = resource != null ? List.of(summary.categoryOf(resource))
                : summary.categoriesOf(facts.type());
        for (String category : categories) {
            if (answers.permissions().permits(patientId, holderId, category)) {
                return Verdict.permit("permission", "data category " + category + " of " + holder + " about "
                        + facts.patientReference() + ": let through by the patient's permission");
            }
        }
        return Verdict.deny("permission", what + " is withheld: the patient's permissions at " + holder
                + " do not let " + String.join(" or ", categories) + " through to this professional");
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
