package nl.schakelpunt.audit;

import java.sql.Timestamp;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.springframework.stereotype.Component;

import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.fhirserver.OwnResourceProvider;
import nl.schakelpunt.identity.Requester;

/**
 * The audit trail through FHIR, read-only: a patient lists and reads the AuditEvents about their
 * own record (who looked, when, at which holder's data), newest first, each in the patient's own
 * view of it ({@link PatientView}), and nobody else's. There is no create, update or delete;
 * {@code RequestGate} refuses every other kind of requester.
 */
@Component
public class AuditEventProvider implements OwnResourceProvider {

    private static final int DEFAULT_COUNT = 50;
    private static final int MAX_COUNT = 200;

    private final AuditTrail trail;
    private final AccessContexts contexts;

    public AuditEventProvider(AuditTrail trail, AccessContexts contexts) {
        this.trail = trail;
        this.contexts = contexts;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        String patientId = ownPatient(request);
        return trail.readForPatient(id.getIdPart(), patientId)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @Offset Integer offset, @Count Integer count, RequestDetails request) {
        String patientId = ownPatient(request);
        Timestamp from = date == null || date.getLowerBoundAsInstant() == null
                ? null : new Timestamp(date.getLowerBoundAsInstant().getTime());
        Timestamp to = date == null || date.getUpperBoundAsInstant() == null
                ? null : new Timestamp(date.getUpperBoundAsInstant().getTime() + 1);
        int start = offset == null ? 0 : Math.max(0, offset);
        int size = count == null ? DEFAULT_COUNT : Math.min(Math.max(count, 1), MAX_COUNT);
        List<AuditEvent> page = trail.pageForPatient(patientId, from, to, start, size);
        SimpleBundleProvider result = new SimpleBundleProvider(page);
        result.setSize(trail.countForPatient(patientId, from, to));
        result.setCurrentPageOffset(start);
        result.setCurrentPageSize(size);
        return result;
    }

    /** The Patient id of the requesting patient; anyone else has been refused before getting here. */
    private String ownPatient(RequestDetails request) {
        AccessContext context = contexts.of(request).orElseThrow(AuditEventProvider::refusal);
        if (context.kind() != Requester.Kind.PATIENT || context.patientId() == null) {
            throw refusal();
        }
        return context.patientId();
    }

    private static RuntimeException refusal() {
        return AccessContexts.forbidden("Only a patient reads the audit trail, and only about their own record");
    }
}
