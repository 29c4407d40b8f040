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

    public ProfessionalLookups(PermissionGate gate, SummaryRules rules, RequesterDirectory directory,
            StoredFacts storedFacts, Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.rules = rules;
        this.directory = directory;
        this.storedFacts = storedFacts;
    }

    /**
     * What the information points know for one request: the patients' permissions are read at the
     * first question about them (most requests never ask), then kept for the request, never beyond.
     */
    private final class RequestState implements AccessDecision.Answers {

        private final Instant now;
        private final AccessContext context;
        private PermissionGate.Session session;

        RequestState(Instant now, AccessContext context) {
            this.now = now;
            this.context = context;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public PermissionGate.Session permissions() {
            if (session == null) {
                session = gate.session(context, now);
            }
            return session;
        }

        @Override
        public boolean organizationHoldsDataAbout(String patientId) {
            return context.organizationId() != null && storedFacts.holdsDataAbout(context.organizationId(), patientId);
        }
    }

    /** What the information points know for this request, for the decision point. */
    public AccessDecision.Answers answers(AccessContext context, HttpServletRequest request) {
        return state(context, request);
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
                state.permissions().permittedHolders(patientId.get(), category)
                        .forEach(holder -> holders.add("Organization/" + holder));
            }
        }
        if (state.permissions().usedEmergencyRegime()) {
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
        if (request.getAttribute(ATTRIBUTE) instanceof ProfessionalLookups.RequestState kept) {
            return kept;
        }
        Instant now = clock.instant();
        RequestState state = new RequestState(now, context);
        request.setAttribute(ATTRIBUTE, state);
        return state;
    }
}
