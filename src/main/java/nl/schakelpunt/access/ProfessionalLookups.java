package nl.schakelpunt.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * The rule of the exchange point for a treating professional: clinical data about a patient is
 * seen only when the professional's role may see that part of the summary, it lies in the time
 * window, and the patient's permissions at its holder let it through (or the professional's own
 * organisation holds it). Narrows searches before they run and checks each returned resource.
 */
@Component
public class ProfessionalLookups {

    /** Set on a request when some of what it showed rested on the temporary emergency regime (audited). */
    public static final String EMERGENCY_REGIME_USED = ProfessionalLookups.class.getName() + ".emergencyRegime";

    /** A holder reference no resource can carry: a search narrowed to it finds nothing. */
    static final String NO_HOLDER = "Organization/no-permitted-holder";

    private static final String ATTRIBUTE = ProfessionalLookups.class.getName();
    private static final List<String> PATIENT_REFERENCES = List.of("patient", "subject", "patient:Patient", "subject:Patient");
    private static final List<String> PATIENT_IDENTIFIERS =
            List.of("patient.identifier", "subject.identifier", "patient:Patient.identifier", "subject:Patient.identifier");

    private final PermissionGate gate;
    private final SummaryRules rules;
    private final RequesterDirectory directory;
    private final StoredFacts storedFacts;
    private final Clock clock;

    public ProfessionalLookups(PermissionGate gate, AccessProperties properties, TypePolicy types,
            RequesterDirectory directory, StoredFacts storedFacts, Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.rules = properties.summaryRules(types);
        this.directory = directory;
        this.storedFacts = storedFacts;
    }

    /**
     * First line for a request by id: may this professional reach this clinical resource, judged
     * from the index (its holder and patient) before it is read? The window and the category of
     * the resource itself are checked on the resource when it is shown.
     */
    public boolean mayReach(AccessContext context, ResourceFacts facts, HttpServletRequest request) {
        Optional<SummaryRules.Part> part = rules.partOf(facts.type());
        if (part.isEmpty() || !rules.roleMaySee(context.requester().uziRole(), part.get())) {
            return false;
        }
        if (AccessRules.isOwnData(context, facts)) {
            return true;
        }
        if (facts.patientReference() == null || facts.holders().size() != 1) {
            return false;
        }
        String patientId = facts.patientReference().substring("Patient/".length());
        String holderId = facts.holders().iterator().next().substring("Organization/".length());
        RequestState state = state(context, request);
        return rules.categoriesOf(facts.type()).stream()
                .anyMatch(category -> state.session().permits(patientId, holderId, category));
    }

    /**
     * Whether an organisation's system or professional may see that a patient is known here: its
     * organisation holds data about them, or (for a professional) the patient's permissions let
     * some part of the summary that the professional's role may see through from some holder.
     */
    public boolean maySeePatient(AccessContext context, String patientId, HttpServletRequest request) {
        if (context.organizationId() != null && storedFacts.holdsDataAbout(context.organizationId(), patientId)) {
            return true;
        }
        if (context.kind() != Kind.PROFESSIONAL) {
            return false;
        }
        RequestState state = state(context, request);
        for (SummaryRules.Part part : SummaryRules.Part.values()) {
            if (!rules.roleMaySee(context.requester().uziRole(), part)) {
                continue;
            }
            for (String category : rules.categoriesOf(part)) {
                if (!state.session().permittedHolders(patientId, category).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private record RequestState(Instant now, PermissionGate.Session session) {
    }

    /** Second line: may this professional see this clinical resource? */
    public boolean maySee(AccessContext context, ResourceFacts facts, IBaseResource resource, HttpServletRequest request) {
        Optional<SummaryRules.Part> part = rules.partOf(facts.type());
        if (part.isEmpty() || !rules.roleMaySee(context.requester().uziRole(), part.get())) {
            return false;
        }
        RequestState state = state(context, request);
        if (!rules.inWindow(resource, state.now())) {
            return false;
        }
        if (AccessRules.isOwnData(context, facts)) {
            return true;
        }
        if (facts.patientReference() == null || facts.holders().size() != 1) {
            return false;
        }
        String patientId = facts.patientReference().substring("Patient/".length());
        String holderId = facts.holders().iterator().next().substring("Organization/".length());
        String category = rules.categoryOf(resource);
        boolean permitted = state.session().permits(patientId, holderId, category);
        if (permitted && state.session().usedEmergencyRegime()) {
            request.setAttribute(EMERGENCY_REGIME_USED, Boolean.TRUE);
        }
        if (permitted) {
            AccessNotes.permitted(request, "data category " + category + " of " + facts.holders().iterator().next()
                    + " about " + facts.patientReference() + ": let through by the patient's permission");
        }
        return permitted;
    }

    /**
     * First line: adds to a search the holders whose data the patient's permissions let through and
     * the time window; a search that names no single patient is refused.
     */
    public void narrow(Map<String, String[]> parameters, AccessContext context, String type, HttpServletRequest request) {
        Optional<SummaryRules.Part> part = rules.partOf(type);
        if (part.isEmpty() || !rules.roleMaySee(context.requester().uziRole(), part.get())) {
            RequestGate.and(parameters, "holder", NO_HOLDER);
            return;
        }
        RequestState state = state(context, request);
        Optional<String> patientId = patientOf(parameters);
        patientId.ifPresent(id -> RequestGate.byReference(parameters, id));
        Set<String> holders = new LinkedHashSet<>();
        context.organizationReference().filter(own -> context.holder()).ifPresent(holders::add);
        if (patientId.isPresent()) {
            for (String category : rules.categoriesOf(type)) {
                state.session().permittedHolders(patientId.get(), category)
                        .forEach(holder -> holders.add("Organization/" + holder));
            }
        }
        if (state.session().usedEmergencyRegime()) {
            request.setAttribute(EMERGENCY_REGIME_USED, Boolean.TRUE);
        }
        RequestGate.and(parameters, "holder", holders.isEmpty() || patientId.isEmpty()
                ? NO_HOLDER : String.join(",", holders));
        rules.windowParameters(type, state.now()).forEach((name, value) -> RequestGate.and(parameters, name, value));
    }

    /**
     * The search parameters of a look-up of one type about one patient, narrowed as a search by this
     * professional would be: for a look-up the server composes itself (a summary, a locate).
     */
    public Map<String, String[]> lookupParameters(AccessContext context, String type, String patientId,
            HttpServletRequest request) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("patient", new String[] {"Patient/" + patientId});
        narrow(parameters, context, type, request);
        return parameters;
    }

    /**
     * The one patient a search names, by reference or by BSN. Empty when the BSN is unknown; a search
     * naming no patient, or several, is refused.
     */
    private Optional<String> patientOf(Map<String, String[]> parameters) {
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
                String bsn = bar < 0 ? value : value.substring(bar + 1);
                if (system != null && !system.isEmpty() && !NamingSystems.BSN.equals(system)) {
                    throw AccessContexts.forbidden("A look-up names the patient by BSN (" + NamingSystems.BSN + ")");
                }
                ids.add(directory.patientIdByBsn(bsn).orElse("unknown-bsn"));
            }
        }
        if (!named) {
            throw AccessContexts.forbidden("A look-up by a professional names one patient:"
                    + " patient, subject or patient.identifier (BSN)");
        }
        if (ids.size() != 1) {
            throw AccessContexts.forbidden("A look-up by a professional names one patient, not " + ids.size());
        }
        String id = ids.iterator().next();
        return id.equals("unknown-bsn") ? Optional.empty() : Optional.of(id);
    }

    /** The values of a parameter, split on commas (OR). */
    private static List<String> values(Map<String, String[]> parameters, String name) {
        String[] given = parameters.get(name);
        if (given == null) {
            return List.of();
        }
        return Arrays.stream(given).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toList());
    }

    private RequestState state(AccessContext context, HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RequestState kept) {
            return kept;
        }
        Instant now = clock.instant();
        RequestState state = new RequestState(now, gate.session(context, now));
        request.setAttribute(ATTRIBUTE, state);
        return state;
    }
}
