package nl.schakelpunt.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.conformance.Canonicals;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.identity.Requester;

/**
 * Builds AuditEvents after IHE Basic Audit Log Patterns (BALP): a RESTful interaction, who asked
 * (organisation, professional and role, or patient), for which purpose, about which patients,
 * which holders' data and which resources were involved, the query, and the outcome.
 */
final class AuditEvents {

    static final String PROFILE = Canonicals.BASE + "/StructureDefinition/schakelpunt-auditevent";
    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String NETWORK_TYPE_IP = "2";
    /** The flag on a look-up's query entity when data was shown under the temporary emergency regime. */
    static final String EMERGENCY_REGIME = "emergency-regime";

    private static final Map<RestOperationTypeEnum, String> INTERACTIONS = Map.ofEntries(
            Map.entry(RestOperationTypeEnum.READ, "read"),
            Map.entry(RestOperationTypeEnum.VREAD, "vread"),
            Map.entry(RestOperationTypeEnum.UPDATE, "update"),
            Map.entry(RestOperationTypeEnum.PATCH, "patch"),
            Map.entry(RestOperationTypeEnum.DELETE, "delete"),
            Map.entry(RestOperationTypeEnum.HISTORY_INSTANCE, "history-instance"),
            Map.entry(RestOperationTypeEnum.HISTORY_TYPE, "history-type"),
            Map.entry(RestOperationTypeEnum.HISTORY_SYSTEM, "history-system"),
            Map.entry(RestOperationTypeEnum.CREATE, "create"),
            Map.entry(RestOperationTypeEnum.SEARCH_TYPE, "search-type"),
            Map.entry(RestOperationTypeEnum.SEARCH_SYSTEM, "search-system"),
            Map.entry(RestOperationTypeEnum.GET_PAGE, "search-type"),
            Map.entry(RestOperationTypeEnum.TRANSACTION, "transaction"),
            Map.entry(RestOperationTypeEnum.BATCH, "batch"),
            Map.entry(RestOperationTypeEnum.VALIDATE, "operation"),
            Map.entry(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "operation"),
            Map.entry(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, "operation"),
            Map.entry(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "operation"));

    /** The facts of one request the event describes. */
    record Request(RestOperationTypeEnum operation, String method, String query, String clientAddress) {
    }

    private AuditEvents() {
    }

    static AuditEvent build(Request request, Requester requester, AccessContext context,
            AuditRecord touched, int status, String outcomeText, boolean emergencyRegime, Instant recorded) {
        AuditEvent event = new AuditEvent();
        event.setId(UUID.randomUUID().toString());
        event.getMeta().addProfile(PROFILE);
        event.setType(new Coding(EVENT_TYPE, "rest", "Restful Operation"));
        String interaction = request.operation() == null ? null : INTERACTIONS.get(request.operation());
        if (interaction != null) {
            event.addSubtype(new Coding(INTERACTION, interaction, null));
        }
        event.setAction(actionOf(request));
        event.setRecorded(Date.from(recorded));
        event.setOutcome(status >= 500 ? AuditEventOutcome._8 : status >= 400 ? AuditEventOutcome._4 : AuditEventOutcome._0);
        if (outcomeText != null) {
            event.setOutcomeDesc(outcomeText);
        }
        if (requester != null && requester.purposeOfUse() != null) {
            event.addPurposeOfEvent(new CodeableConcept(new Coding(NamingSystems.PURPOSE_OF_USE,
                    requester.purposeOfUse(), "TREAT".equals(requester.purposeOfUse())
                            ? "treatment" : "emergency treatment")));
        }
        agents(event, requester, context, request.clientAddress());
        if (context != null && !context.shares().isEmpty()) {
            // A person reading a record shared with them: the shares that let them, one per record touched.
            AuditEvent.AuditEventAgentComponent requestor = event.getAgentFirstRep();
            touched.patients.stream().map(context::shareOf).flatMap(Optional::stream)
                    .forEach(share -> requestor.addPolicy("Consent/" + share));
        }
        event.getSource().setSite("Schakelpunt")
                .setObserver(new Reference().setDisplay("Schakelpunt exchange point"))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        for (String patient : touched.patients) {
            entity(event, patient, "1", "Person", "1", "Patient");
        }
        for (String holder : touched.holders) {
            entity(event, holder, "3", "Organization", "17", "Data Repository").setDescription("data holder");
        }
        for (String resource : touched.resources) {
            entity(event, resource, "2", "System Object", "4", "Domain Resource");
        }
        AuditEvent.AuditEventEntityComponent query = event.addEntity()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                .setDescription(request.method() + " " + request.query());
        query.setQuery(request.query().getBytes(StandardCharsets.UTF_8));
        if (emergencyRegime) {
            query.addDetail().setType(EMERGENCY_REGIME)
                    .setValue(new StringType("data shown under the temporary emergency regime"));
        }
        return event;
    }

    private static void agents(AuditEvent event, Requester requester, AccessContext context, String address) {
        if (requester == null) {
            event.addAgent().setRequestor(true)
                    .setWho(new Reference().setDisplay("unauthenticated client"))
                    .getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType.fromCode(NETWORK_TYPE_IP));
            return;
        }
        Reference organization = null;
        if (requester.actsForOrganization()) {
            organization = new Reference()
                    .setIdentifier(new Identifier().setSystem(NamingSystems.URA).setValue(requester.organizationUra()));
            if (context != null && context.organizationId() != null) {
                organization.setReference("Organization/" + context.organizationId());
            }
        }
        AuditEvent.AuditEventAgentComponent requestor = event.addAgent().setRequestor(true);
        switch (requester.kind()) {
            case PROFESSIONAL -> {
                requestor.setWho(new Reference().setIdentifier(
                        new Identifier().setSystem(NamingSystems.UZI_PERSON).setValue(requester.uziNumber())));
                requestor.addRole(new CodeableConcept(new Coding(NamingSystems.UZI_ROLE, requester.uziRole(), null)));
                event.addAgent().setRequestor(false).setWho(organization);
            }
            case ORGANIZATION -> requestor.setWho(organization);
            case PATIENT -> {
                Reference patient = new Reference().setIdentifier(
                        new Identifier().setSystem(NamingSystems.BSN).setValue(requester.patientBsn()));
                if (context != null && context.patientId() != null) {
                    patient.setReference("Patient/" + context.patientId());
                }
                requestor.setWho(patient);
            }
            case OPERATOR -> requestor.setWho(new Reference().setDisplay("operator")
                    .setIdentifier(new Identifier().setSystem(requester.issuer()).setValue(requester.subject())));
        }
        requestor.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType.fromCode(NETWORK_TYPE_IP));
    }

    private static AuditEvent.AuditEventEntityComponent entity(AuditEvent event, String reference,
            String type, String typeDisplay, String role, String roleDisplay) {
        return event.addEntity()
                .setWhat(new Reference(reference))
                .setType(new Coding(ENTITY_TYPE, type, typeDisplay))
                .setRole(new Coding(OBJECT_ROLE, role, roleDisplay));
    }

    private static AuditEventAction actionOf(Request request) {
        if (request.operation() != null) {
            return switch (request.operation()) {
                case CREATE -> AuditEventAction.C;
                case UPDATE, PATCH -> AuditEventAction.U;
                case DELETE -> AuditEventAction.D;
                case READ, VREAD, SEARCH_TYPE, SEARCH_SYSTEM, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM,
                        GET_PAGE -> AuditEventAction.R;
                default -> AuditEventAction.E;
            };
        }
        return switch (request.method()) {
            case "POST" -> AuditEventAction.C;
            case "PUT", "PATCH" -> AuditEventAction.U;
            case "DELETE" -> AuditEventAction.D;
            default -> AuditEventAction.R;
        };
    }
}
