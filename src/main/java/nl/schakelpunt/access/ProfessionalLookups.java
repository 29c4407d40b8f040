package nl.schakelpunt.access;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Information point for the decisions about a request: its moment, the patients' permissions (read
 * once per request through the consent package's {@link PermissionGate}), the requester
 * organisation's own data and the BSN register, handed to {@link AccessDecision} as its
 * {@link AccessDecision.Answers}; and the narrowed parameters of a look-up the server composes
 * itself (a summary, a locate).
 */
@Component
public class ProfessionalLookups {

    /** Set on a request when some of what it showed rested on the temporary emergency regime (audited). */
    private static final String EMERGENCY_REGIME_USED = ProfessionalLookups.class.getName() + ".emergencyRegime";

    private static final String ATTRIBUTE = ProfessionalLookups.class.getName();

    private final PermissionGate gate;
    private final AccessDecision decision;
    private final RequesterDirectory directory;
    private final StoredFacts storedFacts;
    private final Clock clock;

    public ProfessionalLookups(PermissionGate gate, AccessDecision decision, RequesterDirectory directory,
            StoredFacts storedFacts, Clock clock) {
        this.decision = decision;
        this.clock = clock;
        this.gate = gate;
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
        public Optional<String> patientIdByBsn(String bsn) {
            return directory.patientIdByBsn(bsn);
        }

        @Override
        public boolean organizationHoldsDataAbout(String patientId) {
            return context.organizationId() != null && storedFacts.holdsDataAbout(context.organizationId(), patientId);
        }
    }

    /** What the information points know for this request, for the decision point. */
    public AccessDecision.Answers answers(AccessContext context, RequestDetails request) {
        return state(context, request);
    }

    /** Notes on the request that what it shows rests on the temporary emergency regime. */
    static void emergencyRegimeUsed(RequestDetails request) {
        request.getUserData().put(EMERGENCY_REGIME_USED, Boolean.TRUE);
    }

    /** Whether some of what the request showed rested on the temporary emergency regime. */
    public static boolean usedEmergencyRegime(RequestDetails request) {
        return request != null && Boolean.TRUE.equals(request.getUserData().get(EMERGENCY_REGIME_USED));
    }

    /**
     * The search parameters of a look-up of one type about one patient, narrowed as a search by this
     * professional would be: for a look-up the server composes itself (a summary, a locate).
     */
    public Map<String, String[]> lookupParameters(AccessContext context, String type, String patientId,
            RequestDetails request) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("patient", new String[] {"Patient/" + patientId});
        AccessDecision.Answers answers = answers(context, request);
        AccessDecision.Narrowing narrowing = decision.narrow(context, type, parameters, answers);
        if (!narrowing.verdict().permitted()) {
            throw AccessContexts.forbidden(narrowing.verdict().reason());
        }
        if (answers.permissions().usedEmergencyRegime()) {
            emergencyRegimeUsed(request);
        }
        return narrowing.parameters();
    }

    private RequestState state(AccessContext context, RequestDetails request) {
        if (request.getUserData().get(ATTRIBUTE) instanceof ProfessionalLookups.RequestState kept) {
            return kept;
        }
        RequestState state = new RequestState(clock.instant(), context);
        request.getUserData().put(ATTRIBUTE, state);
        return state;
    }
}
