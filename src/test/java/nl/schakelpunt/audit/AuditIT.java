package nl.schakelpunt.audit;

import static nl.schakelpunt.support.Resources.episode;
import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/** Every access leaves one AuditEvent, refusals included; patients see who looked at their data. */
class AuditIT extends ServerTest {

    @Autowired
    private AuditTrail trail;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private FhirContext fhirContext;

    @Autowired
    private IValidationSupport validationSupport;

    @Test
    void eventsMatchTheRequestsOneForOneIncludingRefusals() {
        Timestamp start = new Timestamp(Instant.now().toEpochMilli() - 1);
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
        String conditionId = gp().post("/fhir/Condition", episode(patientId)).expect(201).as(Condition.class)
                .getIdElement().getIdPart();
        gp().get("/fhir/Condition/" + conditionId).expect(200);
        gp().get("/fhir/Condition?patient=Patient/" + patientId).expect(200);
        pharmacy().get("/fhir/Condition/" + conditionId).expect(404);
        operator().get("/fhir/Condition/" + conditionId).expect(403);
        pharmacy().delete("/fhir/Condition/" + conditionId).expect(404);
        fhir().get("/fhir/Condition/" + conditionId).expect(401);
        fhir().as(TestTokens.patient(bsn)).get("/fhir/Condition/" + conditionId).expect(200);

        List<AuditEvent> events = trail.since(start);
        assertThat(events).hasSize(9);
        assertEvent(events.get(0), "create", "0", "90000101");
        assertEvent(events.get(1), "create", "0", "90000101");
        assertEvent(events.get(2), "read", "0", "90000101");
        assertEvent(events.get(3), "search-type", "0", "90000101");
        assertEvent(events.get(4), "read", "4", "90000201");
        assertEvent(events.get(5), "read", "4", null);
        assertEvent(events.get(6), "delete", "4", "90000201");
        assertThat(events.get(7).getOutcome().toCode()).isEqualTo("4");
        assertThat(events.get(7).getAgentFirstRep().getWho().getDisplay()).isEqualTo("unauthenticated client");
        assertThat(events.get(7).getOutcomeDesc()).isNotBlank();
        assertEvent(events.get(8), "read", "0", null);

        // What was shown and to whom: patient, holder, resource, purpose and query.
        AuditEvent read = events.get(2);
        assertThat(entities(read, "1")).containsExactly("Patient/" + patientId);
        assertThat(entities(read, "17")).containsExactly("Organization/gp-de-linde");
        assertThat(entities(read, "4")).containsExactly("Condition/" + conditionId + "/_history/1");
        assertThat(read.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(read.getEntity()).anyMatch(e -> "24".equals(e.getRole().getCode())
                && e.getDescription().equals("GET /fhir/Condition/" + conditionId));
        assertThat(events.get(6).getOutcomeDesc()).contains("another organisation");

        // Refused attempts on the patient's data are recorded under the patient; a refusal at the
        // door, before any data was reached, names no patient.
        assertThat(entities(events.get(4), "1")).containsExactly("Patient/" + patientId);
        assertThat(entities(events.get(4), "4")).isEmpty();
        assertThat(entities(events.get(6), "1")).containsExactly("Patient/" + patientId);
        assertThat(entities(events.get(5), "1")).isEmpty();
        Bundle seenByPatient = fhir().as(TestTokens.patient(bsn)).get("/fhir/AuditEvent?_count=50").expect(200).bundle();
        assertThat(seenByPatient.getEntry()).extracting(e -> ((AuditEvent) e.getResource()).getOutcome().toCode())
                .contains("4");
        assertThat(events.get(8).getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(bsn);
    }

    @Test
    void professionalIsRecordedWithRoleAndOrganisation() {
        Timestamp start = new Timestamp(Instant.now().toEpochMilli() - 1);
        fhir().as(TestTokens.cardiologist()).get("/fhir/Patient/anna").expect(200);
        AuditEvent event = trail.since(start).get(0);
        AuditEvent.AuditEventAgentComponent professional = event.getAgent().stream()
                .filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
        assertThat(professional.getWho().getIdentifier().getSystem()).isEqualTo(NamingSystems.UZI_PERSON);
        assertThat(professional.getWho().getIdentifier().getValue()).isEqualTo("900000501");
        assertThat(professional.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("01.010");
        assertThat(event.getAgent()).anyMatch(a -> !a.getRequestor()
                && "Organization/hospital-rivierenland".equals(a.getWho().getReference()));
        assertThat(entities(event, "1")).containsExactly("Patient/anna");
    }

    @Test
    void patientListsWhoLookedAtTheirDataAndNobodyElses() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
        String conditionId = gp().post("/fhir/Condition", episode(patientId)).expect(201).as(Condition.class)
                .getIdElement().getIdPart();
        gp().get("/fhir/Condition/" + conditionId).expect(200);

        FhirHttp patient = fhir().as(TestTokens.patient(bsn));
        Bundle trailOfPatient = patient.get("/fhir/AuditEvent").expect(200).bundle();
        assertThat(trailOfPatient.getTotal()).isEqualTo(3);
        List<AuditEvent> listed = trailOfPatient.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
        assertThat(listed.get(0).getSubtypeFirstRep().getCode()).isEqualTo("read");
        assertThat(listed).allSatisfy(e -> assertThat(entities(e, "1")).contains("Patient/" + patientId));
        assertThat(listed.get(0).getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("90000101");
        patient.get("/fhir/AuditEvent/" + listed.get(0).getIdElement().getIdPart()).expect(200);

        Bundle annas = fhir().as(TestTokens.patient("999900006")).get("/fhir/AuditEvent?_count=200").expect(200).bundle();
        assertThat(annas.getEntry()).extracting(e -> ((AuditEvent) e.getResource()))
                .allSatisfy(e -> assertThat(entities(e, "1")).doesNotContain("Patient/" + patientId));
        fhir().as(TestTokens.patient("999900006"))
                .get("/fhir/AuditEvent/" + listed.get(0).getIdElement().getIdPart()).expect(404);
        gp().get("/fhir/AuditEvent").expect(403);
    }

    @Test
    void eachPatientSeesOnlyTheirOwnPartOfAnAccessAcrossPatients() {
        Timestamp start = new Timestamp(Instant.now().toEpochMilli() - 1);
        String bsnA = freshBsn();
        String bsnB = freshBsn();
        String patientA = gp().post("/fhir/Patient", patient(bsnA)).expect(201).as(Patient.class).getIdElement().getIdPart();
        String patientB = gp().post("/fhir/Patient", patient(bsnB)).expect(201).as(Patient.class).getIdElement().getIdPart();
        String conditionA = gp().post("/fhir/Condition", episode(patientA)).expect(201).as(Condition.class)
                .getIdElement().getIdPart();
        String conditionB = gp().post("/fhir/Condition", episode(patientB)).expect(201).as(Condition.class)
                .getIdElement().getIdPart();
        assertThat(gp().get("/fhir/Condition?patient=Patient/" + patientA + ",Patient/" + patientB).expect(200)
                .bundle().getEntry()).hasSize(2);
        assertThat(gp().get("/fhir/Patient?_id=" + patientA + "," + patientB).expect(200).bundle().getEntry())
                .hasSize(2);
        // B reaching for A's data is refused, and A sees that someone tried, not who.
        fhir().as(TestTokens.patient(bsnB)).get("/fhir/Condition/" + conditionA).expect(404);

        // The event in full names both patients; only the patients' views are narrowed.
        AuditEvent search = trail.since(start).stream()
                .filter(e -> "search-type".equals(e.getSubtypeFirstRep().getCode())).findFirst().orElseThrow();
        assertThat(entities(search, "1")).containsExactlyInAnyOrder("Patient/" + patientA, "Patient/" + patientB);
        String searchId = search.getIdElement().getIdPart();

        FhirHttp a = fhir().as(TestTokens.patient(bsnA));
        FhirHttp b = fhir().as(TestTokens.patient(bsnB));
        String trailOfA = wholeText(a.get("/fhir/AuditEvent?_count=200").expect(200).body());
        String trailOfB = wholeText(b.get("/fhir/AuditEvent?_count=200").expect(200).body());
        String searchSeenByA = wholeText(a.get("/fhir/AuditEvent/" + searchId).expect(200).body());
        String searchSeenByB = wholeText(b.get("/fhir/AuditEvent/" + searchId).expect(200).body());
        for (String text : List.of(trailOfA, searchSeenByA)) {
            assertNamesNone(text, patientB, conditionB, bsnB);
            assertThat(text).contains("\"Patient/" + patientA + "\"", "Condition/" + conditionA + "/_history/1");
        }
        for (String text : List.of(trailOfB, searchSeenByB)) {
            assertNamesNone(text, patientA, conditionA, bsnA);
            assertThat(text).contains("\"Patient/" + patientB + "\"", "Condition/" + conditionB + "/_history/1");
        }

        // Each sees the whole access otherwise: who, for what, from which holder, the query without its values.
        AuditEvent seenByA = a.get("/fhir/AuditEvent/" + searchId).expect(200).as(AuditEvent.class);
        assertThat(seenByA.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(TestTokens.GP_DE_LINDE);
        assertThat(seenByA.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(entities(seenByA, "17")).containsExactly("Organization/gp-de-linde");
        assertThat(entities(seenByA, "4")).containsExactly("Condition/" + conditionA + "/_history/1");
        assertThat(seenByA.getEntity()).anyMatch(e -> "24".equals(e.getRole().getCode())
                && e.getDescription().equals("GET /fhir/Condition?patient"));

        // Counts and pages are those of the patient's own events: two creates, two searches, one refusal.
        Bundle all = a.get("/fhir/AuditEvent?_count=200").expect(200).bundle();
        assertThat(all.getTotal()).isEqualTo(5).isEqualTo(all.getEntry().size());
        Bundle page = a.get("/fhir/AuditEvent?_count=2&_offset=2").expect(200).bundle();
        assertThat(page.getTotal()).isEqualTo(5);
        assertThat(page.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyElementsOf(all.getEntry().subList(2, 4).stream()
                        .map(e -> e.getResource().getIdElement().getIdPart()).toList());
        assertThat(b.get("/fhir/AuditEvent?_count=200").expect(200).bundle().getTotal()).isEqualTo(4);
        AuditEvent refusal = all.getEntry().stream().map(e -> (AuditEvent) e.getResource())
                .filter(e -> e.getOutcome() != AuditEvent.AuditEventOutcome._0).findFirst().orElseThrow();
        assertThat(refusal.getAgentFirstRep().getWho().getDisplay()).isEqualTo(PatientView.ANOTHER_PATIENT);
        assertThat(refusal.getEntity()).anyMatch(e -> "24".equals(e.getRole().getCode())
                && e.getDescription().equals("GET /fhir/Condition/" + conditionA));
    }

    @Test
    void anOlderPermissionMadeInactiveByANewerOneIsInTheNewerOnesEvent() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
        String older = gp().post("/fhir/Consent", Resources.permission(new Reference("Patient/" + patientId)))
                .expect(201).as(Consent.class).getIdElement().getIdPart();
        Timestamp start = new Timestamp(Instant.now().toEpochMilli() - 1);
        String newer = gp().post("/fhir/Consent", Resources.permission(new Reference("Patient/" + patientId)))
                .expect(201).as(Consent.class).getIdElement().getIdPart();
        assertThat(gp().get("/fhir/Consent/" + older).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.INACTIVE);
        List<AuditEvent> events = trail.since(start);
        assertThat(events).hasSize(2);
        assertThat(entities(events.get(0), "4")).containsExactlyInAnyOrder("Consent/" + newer + "/_history/1",
                "Consent/" + older + "/_history/2");
        AuditEvent seenByPatient = fhir().as(TestTokens.patient(bsn)).get("/fhir/AuditEvent/"
                + events.get(0).getIdElement().getIdPart()).expect(200).as(AuditEvent.class);
        assertThat(entities(seenByPatient, "4")).contains("Consent/" + older + "/_history/2");
    }

    @Test
    void auditEventsCannotBeWrittenChangedOrDeletedByAnyone() {
        String bsn = freshBsn();
        gp().post("/fhir/Patient", patient(bsn)).expect(201);
        FhirHttp patient = fhir().as(TestTokens.patient(bsn).scope("patient/*.cruds"));
        AuditEvent event = (AuditEvent) patient.get("/fhir/AuditEvent").expect(200).bundle()
                .getEntryFirstRep().getResource();
        String id = event.getIdElement().getIdPart();
        for (FhirHttp client : List.of(patient, gp(), operator())) {
            assertThat(client.put("/fhir/AuditEvent/" + id, event).status()).isBetween(400, 499);
            assertThat(client.delete("/fhir/AuditEvent/" + id).status()).isBetween(400, 499);
            assertThat(client.post("/fhir/AuditEvent", event).status()).isBetween(400, 499);
        }
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setResource(event).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("AuditEvent/" + id);
        assertThat(gp().post("/fhir", FhirHttp.json(transaction)).status()).isBetween(400, 499);
        AuditEvent after = trail.readForPatient(id, event.getEntity().stream()
                .filter(e -> "1".equals(e.getRole().getCode())).findFirst().orElseThrow()
                .getWhat().getReferenceElement().getIdPart()).orElseThrow();
        assertThat(FhirHttp.json(after)).isEqualTo(FhirHttp.json(event));
    }

    @Test
    void readIsRefusedWhenItCannotBeAudited() {
        jdbc.execute("ALTER TABLE " + AuditTrail.EVENTS + " RENAME TO sp_audit_event_away");
        try {
            FhirHttp.Response response = gp().get("/fhir/Patient/anna");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).doesNotContain("999900006").contains("audit trail");
            String bsn = freshBsn();
            assertThat(gp().post("/fhir/Patient", patient(bsn)).status()).isEqualTo(500);
        } finally {
            jdbc.execute("ALTER TABLE sp_audit_event_away RENAME TO " + AuditTrail.EVENTS);
        }
        gp().get("/fhir/Patient/anna").expect(200);
    }

    @Test
    void writeThatCannotBeAuditedStoresNothing() {
        String bsn = freshBsn();
        jdbc.execute("ALTER TABLE " + AuditTrail.EVENTS + " RENAME TO sp_audit_event_away");
        try {
            assertThat(gp().post("/fhir/Patient", patient(bsn)).status()).isEqualTo(500);
        } finally {
            jdbc.execute("ALTER TABLE sp_audit_event_away RENAME TO " + AuditTrail.EVENTS);
        }
        assertThat(gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn).expect(200).bundle()
                .getEntry()).isEmpty();
    }

    @Test
    void recordedEventsConformToTheAuditEventProfile() {
        Timestamp start = new Timestamp(Instant.now().toEpochMilli() - 1);
        fhir().as(TestTokens.cardiologist()).get("/fhir/Patient/anna").expect(200);
        fhir().get("/fhir/Patient/anna").expect(401);
        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(validationSupport));
        for (AuditEvent event : trail.since(start)) {
            ValidationResult result = validator.validateWithResult(event);
            assertThat(result.getMessages()).filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                    .isEmpty();
        }
    }

    private static void assertEvent(AuditEvent event, String interaction, String outcome, String ura) {
        assertThat(event.getSubtypeFirstRep().getCode()).as("interaction").isEqualTo(interaction);
        assertThat(event.getOutcome().toCode()).as("outcome of %s", interaction).isEqualTo(outcome);
        assertThat(event.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(AuditEvents.PROFILE);
        if (ura != null) {
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(ura);
        }
    }

    /** An answer's text, followed by its queries decoded from base64, so that what they name is searched too. */
    private static String wholeText(String body) {
        StringBuilder text = new StringBuilder(body);
        Matcher queries = Pattern.compile("\"query\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        while (queries.find()) {
            text.append('\n').append(new String(Base64.getDecoder().decode(queries.group(1)), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** Fails if the text names any of these values as a whole word (an id, a BSN). */
    private static void assertNamesNone(String text, String... values) {
        for (String value : values) {
            assertThat(Pattern.compile("(?<![\\w.-])" + Pattern.quote(value) + "(?![\\w.-])").matcher(text).find())
                    .as("names %s: %s", value, text).isFalse();
        }
    }

    private static List<String> entities(AuditEvent event, String role) {
        return event.getEntity().stream().filter(e -> role.equals(e.getRole().getCode()))
                .map(e -> e.getWhat().getReference()).toList();
    }

}
