package nl.schakelpunt.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;

import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.identity.NamingSystems;
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

        /** The Patient a BSN names at the exchange point, if any. */
        Optional<String> patientIdByBsn(String bsn);
    }

    /**
     * The answer on a search: refused with the verdict, or permitted with the parameters to run it
     * with (the client's, ANDed with those that keep it to what the requester may see).
     */
    public record Narrowing(Verdict verdict, Map<String, String[]> parameters) {
    }

    /**
     * A holder reference no resource can carry, so a search narrowed to it finds nothing: its id is no valid
     * FHIR id (an underscore), which HAPI refuses to store, where a valid one could be taken by a client's PUT.
     */
    static final String NO_HOLDER = "Organization/no_permitted_holder";

    private static final List<String> PATIENT_REFERENCES = List.of("patient", "subject", "patient:Patient", "subject:Patient");
    private static final List<String> PATIENT_IDENTIFIERS =
            List.of("patient.identifier", "subject.identifier", "patient:Patient.identifier", "subject:Patient.identifier");

    private final Map<Kind, AllowList> allowLists;
    private final TypePolicy types;
    private final SummaryRules summary;
    private final AccessPolicy policy;

    public AccessDecision(Map<Kind, AllowList> allowLists, TypePolicy types, SummaryRules summary, AccessPolicy policy) {
        this.allowLists = new EnumMap<>(allowLists);
        this.types = types;
        this.summary = summary;
        this.policy = policy;
    }

    /** The answer on a change to a permission: the verdict, and for a permit whom the requester acts as. */
    public record PermissionStanding(Verdict verdict, PermissionChange.Party party) {
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
            Optional<String> refusal = AccessRules.refusal(policy, context, call.type(), types.groupOf(call.type()), letter.get());
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
     * May the requester write this resource (create, update or delete it)? The data-group policy
     * and the token's scopes; a Patient is never deleted; clinical data only by its own holder.
     *
     * @param stored the stored resource an update or delete changes, or null for a create
     */
    public Verdict mayWrite(AccessContext context, String type, Letter letter, ResourceFacts stored) {
        Optional<String> refusal = AccessRules.refusal(policy, context, type, types.groupOf(type), letter);
        if (refusal.isPresent()) {
            return Verdict.deny("policy.data-group", refusal.get());
        }
        if (letter == Letter.DELETE && types.groupOf(type).orElse(null) == DataGroup.PATIENT) {
            return Verdict.deny("policy.patient-kept", "A Patient is shared by every holder with data about the"
                    + " patient and is not deleted through the API");
        }
        if (stored != null && stored.group() == DataGroup.CLINICAL && !AccessRules.isOwnData(context, stored)) {
            return Verdict.deny("policy.own-data", "This " + type + " is held by another organisation; a holder may "
                    + (letter == Letter.DELETE ? "delete" : "update") + " only its own data");
        }
        if (stored != null && stored.group() == DataGroup.DIRECTORY) {
            return mayChangeDirectoryEntry(context, type, stored);
        }
        return Verdict.permit("policy.write", type + " may be written");
    }

    /**
     * The directory has two kinds of entry (ADR 18): the exchange point's own, which its operator
     * keeps and which decide who a requester is, and those a holder supplied with its data, which
     * carry that holder. Each is changed only by whoever wrote it.
     */
    private static Verdict mayChangeDirectoryEntry(AccessContext context, String type, ResourceFacts stored) {
        boolean registered = stored.holders().isEmpty();
        if (context.requester().actsForOrganization()) {
            if (registered) {
                return Verdict.deny("directory.registered", "This " + type + " is an entry of the exchange point's"
                        + " own directory; only its operator changes it");
            }
            if (!AccessRules.isOwnData(context, stored)) {
                return Verdict.deny("policy.own-data", "This " + type + " was supplied by another organisation;"
                        + " a holder changes only the directory entries it supplied");
            }
            return Verdict.permit("directory.supplied", type + " is a directory entry this holder supplied");
        }
        if (!registered) {
            return Verdict.deny("directory.supplied", "This " + type + " was supplied by a data holder with its data;"
                    + " only that holder changes it");
        }
        return Verdict.permit("directory.registered", type + " is an entry of the exchange point's own directory");
    }

    /**
     * May the requester make this change to a permission? The requester's standing towards it (the
     * patient it is about, the holder it is addressed to, ...), tried in the order the policy names
     * those who may make the change.
     */
    public PermissionStanding mayChangePermission(AccessContext context, PermissionChange change) {
        List<PermissionChange.Party> parties = policy.mayChange(change.action());
        String rule = "permission." + change.action().name().toLowerCase().replace('_', '-');
        for (PermissionChange.Party party : parties) {
            if (standsAs(context, party, change)) {
                return new PermissionStanding(Verdict.permit(rule, "as " + party.words()), party);
            }
        }
        String who = parties.isEmpty() ? "Nobody"
                : "Only " + String.join(" or ", parties.stream().map(PermissionChange.Party::words).toList());
        return new PermissionStanding(Verdict.deny(rule, who + " " + change.action().words()), null);
    }

    private static boolean standsAs(AccessContext context, PermissionChange.Party party, PermissionChange change) {
        String own = context.organizationId();
        return switch (party) {
            case PATIENT -> context.kind() == Kind.PATIENT && context.patientId() != null
                    && (change.patientId() == null || context.patientId().equals(change.patientId()));
            // A new permission that names no holder yet is addressed to the recording holder.
            case HOLDER -> context.holder() && own != null && (change.holderId() == null
                    ? change.action() == PermissionChange.Action.RECORD : own.equals(change.holderId()));
            case POINT_OF_CARE -> context.kind() == Kind.PROFESSIONAL && !context.holder();
            case RECIPIENT -> own != null && own.equals(change.recipientOrganizationId());
        };
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
        if (!AccessRules.maySee(policy, context, facts)) {
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

    /**
     * How must this search be narrowed before it runs? A patient's to their own record, an
     * organisation's to its own data, a professional's clinical search to one patient, the holders
     * whose data the patient's permissions let through for the type's categories (and the
     * professional's own organisation), the parts of the summary the role may see, and the window.
     */
    public Narrowing narrow(AccessContext context, String type, Map<String, String[]> asked, Answers answers) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        // The same value twice ANDs to itself; HAPI's query builder fails on it.
        asked.forEach((name, values) -> parameters.put(name, Arrays.stream(values).distinct().toArray(String[]::new)));
        DataGroup group = types.groupOf(type).orElse(null);
        if (group == null) {
            return new Narrowing(Verdict.deny("policy.type", "Resource type " + type + " is not served"), parameters);
        }
        if (context.kind() == Kind.PATIENT) {
            return narrowToRecords(context, group, parameters);
        }
        if (context.kind() == Kind.PROFESSIONAL && group == DataGroup.CLINICAL) {
            return lookUp(context, type, parameters, answers);
        }
        if (context.requester().actsForOrganization()) {
            String own = "Organization/" + context.organizationId();
            if (group == DataGroup.CLINICAL || group == DataGroup.PERMISSION) {
                singleBsn(parameters).flatMap(answers::patientIdByBsn).ifPresent(id -> byReference(parameters, id));
            }
            switch (group) {
                case CLINICAL -> and(parameters, "holder", own);
                case PERMISSION -> and(parameters, "organization", own);
                default -> {
                    // Patients, the directory and conformance resources: no narrowing.
                }
            }
            return new Narrowing(Verdict.permit("narrow.own-data", "narrowed to the organisation's own data"),
                    parameters);
        }
        return new Narrowing(Verdict.permit("narrow.none", "nothing of a patient to narrow"), parameters);
    }

    /**
     * A patient's search: their own record, and the records shared with them; their permissions only
     * from their own record.
     */
    private static Narrowing narrowToRecords(AccessContext context, DataGroup group, Map<String, String[]> parameters) {
        List<String> records = new ArrayList<>();
        if (context.patientId() != null) {
            records.add(context.patientId());
        }
        records.addAll(context.shares().keySet());
        if (records.isEmpty()) {
            return new Narrowing(Verdict.deny("narrow.own-record",
                    "There is no record at the exchange point for the BSN of this login"), parameters);
        }
        switch (group) {
            case PATIENT -> and(parameters, "_id", String.join(",", records));
            case CLINICAL -> and(parameters, "patient",
                    String.join(",", records.stream().map(id -> "Patient/" + id).toList()));
            case PERMISSION -> and(parameters, "patient", context.patientReference().orElse(NO_RECORD));
            default -> {
                // The directory and conformance resources are open to every requester.
            }
        }
        return new Narrowing(Verdict.permit("narrow.own-record", context.shares().isEmpty()
                ? "narrowed to the patient's own record"
                : "narrowed to the patient's own record and the records shared with them"), parameters);
    }

    /** A patient reference no resource can carry, for the same reason as {@link #NO_HOLDER}. */
    static final String NO_RECORD = "Patient/no_record";

    private Narrowing lookUp(AccessContext context, String type, Map<String, String[]> parameters, Answers answers) {
        Optional<SummaryRules.Part> part = summary.partOf(type);
        if (part.isEmpty() || !summary.roleMaySee(context.requester().uziRole(), part.get())) {
            and(parameters, "holder", NO_HOLDER);
            return new Narrowing(Verdict.permit("summary.role-matrix", "role " + context.requester().uziRole()
                    + " does not see " + type + ": the search finds nothing"), parameters);
        }
        Set<String> ids = new LinkedHashSet<>();
        boolean named = false;
        for (String name : PATIENT_REFERENCES) {
            for (String value : values(parameters, name)) {
                named = true;
                ids.add(value.substring(value.lastIndexOf('/') + 1));
            }
        }
        for (String name : PATIENT_IDENTIFIERS) {
            for (String value : values(parameters, name)) {
                named = true;
                int bar = value.indexOf('|');
                String system = bar < 0 ? null : value.substring(0, bar);
                if (system != null && !system.isEmpty() && !NamingSystems.BSN.equals(system)) {
                    return new Narrowing(Verdict.deny("narrow.patient", "A look-up names the patient by BSN ("
                            + NamingSystems.BSN + ")"), parameters);
                }
                ids.add(answers.patientIdByBsn(bar < 0 ? value : value.substring(bar + 1)).orElse(UNKNOWN_BSN));
            }
        }
        if (!named) {
            return new Narrowing(Verdict.deny("narrow.patient", "A look-up by a professional names one patient:"
                    + " patient, subject or patient.identifier (BSN)"), parameters);
        }
        if (ids.size() != 1) {
            return new Narrowing(Verdict.deny("narrow.patient", "A look-up by a professional names one patient, not "
                    + ids.size()), parameters);
        }
        String patientId = ids.iterator().next();
        Set<String> holders = new LinkedHashSet<>();
        context.organizationReference().filter(own -> context.holder()).ifPresent(holders::add);
        if (!patientId.equals(UNKNOWN_BSN)) {
            byReference(parameters, patientId);
            for (String category : summary.categoriesOf(type)) {
                answers.permissions().permittedHolders(patientId, category)
                        .forEach(holder -> holders.add("Organization/" + holder));
            }
        }
        and(parameters, "holder", holders.isEmpty() || patientId.equals(UNKNOWN_BSN) ? NO_HOLDER
                : String.join(",", holders));
        summary.windowParameters(type, answers.now()).forEach((name, value) -> andWindow(parameters, name, value));
        return new Narrowing(Verdict.permit("summary.look-up", "narrowed to " + (holders.isEmpty() ? "no holder"
                : String.join(", ", holders)) + " and the window"), parameters);
    }

    private static final String UNKNOWN_BSN = "unknown-bsn";

    /**
     * Replaces a chained search by the patient's BSN ({@code patient.identifier=bsn|...}) with the
     * patient's reference, once the BSN has been resolved: the same result (one Patient per BSN), and
     * the database follows one reference instead of joining identifiers of every Patient.
     */
    private static void byReference(Map<String, String[]> parameters, String patientId) {
        for (String name : PATIENT_IDENTIFIERS) {
            if (parameters.remove(name) != null) {
                and(parameters, name.startsWith("patient") ? "patient" : "subject", "Patient/" + patientId);
            }
        }
    }

    /** The BSN a search's chain names, if it names exactly one. */
    private static Optional<String> singleBsn(Map<String, String[]> parameters) {
        String[] values = parameters.getOrDefault("patient.identifier", parameters.get("subject.identifier"));
        if (values == null || values.length != 1 || values[0].contains(",")) {
            return Optional.empty();
        }
        int bar = values[0].indexOf('|');
        if (bar < 0 || !NamingSystems.BSN.equals(values[0].substring(0, bar))) {
            return Optional.empty();
        }
        return Optional.of(values[0].substring(bar + 1));
    }

    /** The values of a parameter, split on commas (OR). */
    private static List<String> values(Map<String, String[]> parameters, String name) {
        String[] given = parameters.get(name);
        if (given == null) {
            return List.of();
        }
        return Arrays.stream(given).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * ANDs the window to the client's parameters. A date search takes one lower bound only (HAPI
     * refuses two): where the client gave one of its own (a range such as {@code ge..&le..}), the
     * later of the two is kept, which asks for exactly what both together ask for.
     */
    static void andWindow(Map<String, String[]> parameters, String name, String value) {
        Optional<Instant> window = lowerBound(value);
        String[] asked = parameters.getOrDefault(name, new String[0]);
        if (window.isEmpty()) {
            and(parameters, name, value);
            return;
        }
        List<String> combined = new ArrayList<>();
        boolean windowNeeded = true;
        for (String own : asked) {
            Optional<Instant> bound = own.contains(",") ? Optional.empty() : lowerBound(own);
            if (bound.isEmpty()) {
                combined.add(own);
            } else if (!bound.get().isBefore(window.get())) {
                combined.add(own);
                windowNeeded = false;
            }
        }
        if (windowNeeded) {
            combined.add(value);
        }
        parameters.put(name, combined.toArray(String[]::new));
    }

    /**
     * The moment from which a date search value asks ({@code ge}, {@code gt}), or empty for any
     * other. A value of day or month precision counts from its start (ge) or its end (gt) in the
     * server's time zone, as the database indexes it. Either bound, when earlier than the window,
     * asks for more than the window: the window alone then says the same as both.
     */
    static Optional<Instant> lowerBound(String value) {
        if (value == null || value.length() < 3) {
            return Optional.empty();
        }
        String prefix = value.substring(0, 2);
        if (!prefix.equals("ge") && !prefix.equals("gt")) {
            return Optional.empty();
        }
        try {
            DateTimeType date = new DateTimeType(value.substring(2));
            Instant start = date.getValue().toInstant();
            if (prefix.equals("ge")) {
                return Optional.of(start);
            }
            Calendar end = Calendar.getInstance();
            end.setTime(date.getValue());
            end.add(date.getPrecision().getCalendarConstant(), 1);
            return Optional.of(end.toInstant());
        } catch (RuntimeException e) {
            // Not a date HAPI can read: left for HAPI to refuse as the client's own input.
            return Optional.empty();
        }
    }

    /** ANDs a value to a parameter, once. */
    static void and(Map<String, String[]> parameters, String name, String value) {
        String[] existing = parameters.getOrDefault(name, new String[0]);
        if (Arrays.asList(existing).contains(value)) {
            return;
        }
        String[] combined = Arrays.copyOf(existing, existing.length + 1);
        combined[existing.length] = value;
        parameters.put(name, combined);
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
