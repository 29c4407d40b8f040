package nl.schakelpunt.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.AuditEvent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessNotes;
import nl.schakelpunt.access.ProfessionalLookups;
import nl.schakelpunt.access.Verdict;
import nl.schakelpunt.identity.Requester;

/**
 * Turns what a request touched into an AuditEvent, and each patient's view of it, and stores them; a
 * failure to store fails the request.
 */
@Component
class AuditWriter {

    private static final String REQUEST_ATTRIBUTE = AuditEvents.Request.class.getName();
    private static final String PATIENT_PREFIX = "Patient/";

    private final AuditTrail trail;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer storeTimer;
    private final Set<String> resourceTypes;

    AuditWriter(AuditTrail trail, MeterRegistry meters, FhirContext fhirContext, Clock clock) {
        this.clock = clock;
        this.trail = trail;
        this.meters = meters;
        this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
        // The cost auditing adds to every request: building and storing the event.
        this.storeTimer = Timer.builder("schakelpunt.audit.store")
                .description("Time to store one AuditEvent in the audit trail")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Remembers the interaction of an incoming request, before any rule can refuse it. */
    void remember(RequestDetails details, HttpServletRequest request) {
        details.getUserData().put(REQUEST_ATTRIBUTE, new AuditEvents.Request(
                details.getRestOperationType(), request.getMethod(), queryOf(request), request.getRemoteAddr()));
    }

    /**
     * Writes the event of a request with the given HTTP status; throws if it cannot be stored.
     *
     * @param details what the FHIR server knows of the request, or null for one refused before
     *                it reached the FHIR server (no valid token)
     */
    void write(RequestDetails details, HttpServletRequest request, int status, String outcomeText) {
        AuditRecord record = details == null ? new AuditRecord() : AuditRecord.of(details);
        AuditEvents.Request facts = details != null && details.getUserData().get(REQUEST_ATTRIBUTE) instanceof AuditEvents.Request kept
                ? kept : new AuditEvents.Request(null, request.getMethod(), queryOf(request), request.getRemoteAddr());
        Requester requester = AccessContexts.requesterOf(request).orElse(null);
        AccessContext context = AccessContexts.resolvedFor(details).orElse(null);
        Timer.Sample sample = Timer.start(meters);
        Optional<AccessNotes.Denial> denial = AccessNotes.denial(details);
        if (status >= 400) {
            denial.filter(d -> d.patientReference() != null).ifPresent(d -> {
                record.attemptedPatients.add(d.patientReference());
                if (d.resourceType() != null) {
                    record.resourceOfPatient(d.patientReference(), d.resourceType(), d.resourceId());
                }
            });
            record.patients.addAll(record.attemptedPatients);
        }
        boolean emergencyRegime = ProfessionalLookups.usedEmergencyRegime(details);
        String description = describe(status, outcomeText, record.note, denial, AccessNotes.permits(details));
        AuditEvent event = AuditEvents.build(facts, requester, context, record, status, description, emergencyRegime,
                clock.instant());
        Map<String, AuditEvent> views = new LinkedHashMap<>();
        for (String patient : record.patients) {
            // A subject may be a Group, whose id is no Patient's: only a Patient has a trail.
            if (patient.startsWith(PATIENT_PREFIX)) {
                String share = context == null ? null : context.shareOf(patient).map(id -> "Consent/" + id).orElse(null);
                views.put(patient.substring(PATIENT_PREFIX.length()),
                        PatientView.of(event, patient, record, resourceTypes, share));
            }
        }
        try {
            trail.store(event, views);
            sample.stop(storeTimer);
        } catch (RuntimeException e) {
            throw new InternalErrorException("The access could not be recorded in the audit trail,"
                    + " so it is refused", e);
        }
        record.eventWritten = true;
        record.clear();
    }

    /**
     * The outcome in words: for a refusal the decision's rule and reason (a withheld resource is
     * answered to the client as unknown, but recorded with why); for a success, why other holders'
     * data was shown.
     */
    private static String describe(int status, String outcomeText, String note, Optional<AccessNotes.Denial> denial,
            Set<String> permits) {
        if (status >= 400 && denial.isPresent()) {
            Verdict verdict = denial.get().verdict();
            return verdict.rule() + ": " + verdict.reason();
        }
        String description = outcomeText != null ? outcomeText : note;
        if (status < 400 && !permits.isEmpty()) {
            String shown = "permit: " + String.join("; ", permits);
            return description == null ? shown : description + "; " + shown;
        }
        return description;
    }

    static boolean isAudited(RestOperationTypeEnum operation) {
        return operation != RestOperationTypeEnum.METADATA;
    }

    private static String queryOf(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
