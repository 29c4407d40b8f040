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
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.fhirserver.OwnResourceProvider;

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
    private final AccessGuard guard;

    public AuditEventProvider(AuditTrail trail, AccessGuard guard) {
        this.trail = trail;
        this.guard = guard;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        String patientId = ownPatient(request, Interaction.READ);
        return trail.readForPatient(id.getIdPart(), patientId)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @Offset Integer offset, @Count Integer count, RequestDetails request) {
        String patientId = ownPatient(request, Interaction.SEARCH_TYPE);
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

    /**
     * The Patient id of the requesting patient: the decision point lets only patients read the audit
     * trail (their allow-list), and a patient without a record here has no trail.
     */
    private String ownPatient(RequestDetails request, Interaction interaction) {
        AccessContext context = guard.require(request, interaction, "AuditEvent", null);
        if (context.patientId() == null) {
            throw AccessContexts.forbidden("There is no record at the exchange point for the BSN of this login");
        }
        return context.patientId();
    }
}
