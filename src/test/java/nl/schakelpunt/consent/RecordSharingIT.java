package nl.schakelpunt.consent;

import static nl.schakelpunt.support.Resources.episode;
import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.FhirHttp.Response;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * A patient shares their record with someone they trust (a Consent of the record-share profile): that person, signed
 * in with their own BSN and without a record of their own, reads the record while the share runs, and never the
 * patient's permissions or audit trail; the patient sees each of their look-ups under the share; only the patient
 * gives and ends a share, within its rules; once it ends, the record looks to the person exactly as if it did not exist.
 */
class RecordSharingIT extends ServerTest {

    private static final ZoneId SERVER_ZONE = ZoneId.of("Europe/Amsterdam");
    private String patientBsn;
    private String patientId;
    private String conditionId;
    private String carerBsn;

    private FhirHttp patientClient() {
        return fhir().as(TestTokens.patient(patientBsn));
    }

    private FhirHttp carer() {
        return fhir().as(TestTokens.patient(carerBsn));
    }

    @BeforeEach
    void aPatientWithAnEpisodeAtTheirGp() {
        patientBsn = freshBsn();
        carerBsn = freshBsn();
        patientId = gp().post("/fhir/Patient", patient(patientBsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
        conditionId = gp().post("/fhir/Condition", episode(patientId)).expect(201).as(Condition.class).getIdElement()
                .getIdPart();
    }

    @Test
    void theCarerReadsTheRecordButNotThePermissionsNorTheTrail() {
        sameAsMissing(carer(), "/fhir/Patient/", patientId);
        assertThat(carer().get("/fhir/Condition?patient=Patient/" + patientId).expect(403).outcome()
                .getIssueFirstRep().getDiagnostics()).contains("no record");

        Consent share = patientClient().post("/fhir/Consent", share(carerBsn, LocalDate.now(SERVER_ZONE).plusDays(30)))
                .expect(201).as(Consent.class);
        assertThat(share.getMeta().hasProfile(RecordSharing.PROFILE)).isTrue();
        assertThat(share.getPerformerFirstRep().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(share.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo(RecordSharing.CATEGORY);
        String shareId = share.getIdElement().getIdPart();

        assertThat(carer().get("/fhir/Patient/" + patientId).expect(200).as(Patient.class).getIdElement().getIdPart())
                .isEqualTo(patientId);
        assertThat(ids(carer().get("/fhir/Condition?patient=Patient/" + patientId).expect(200).bundle()))
                .containsExactly("Condition/" + conditionId);
        assertThat(ids(carer().get("/fhir/Condition").expect(200).bundle())).containsExactly("Condition/" + conditionId);
        assertThat(ids(carer().get("/fhir/Patient/" + patientId + "/$everything").expect(200).bundle()))
                .contains("Patient/" + patientId, "Condition/" + conditionId);

        // Not the permissions: the share itself and every other Consent of the patient look missing, also in
        // the whole record and to an operation on them.
        assertThat(carer().get("/fhir/Consent?patient=Patient/" + patientId).expect(200).bundle().getEntry()).isEmpty();
        sameAsMissing(carer(), "/fhir/Consent/", shareId);
        assertThat(ids(carer().get("/fhir/Patient/" + patientId + "/$everything?_count=200").expect(200).bundle()))
                .noneMatch(id -> id.startsWith("Consent/") || id.startsWith("AuditEvent/"));
        Response withdrawShared = carer().post("/fhir/Consent/" + shareId + "/$withdraw", new Parameters());
        Response withdrawMissing = carer().post("/fhir/Consent/no-such-" + shareId + "/$withdraw", new Parameters());
        assertThat(withdrawShared.status()).isEqualTo(404).isEqualTo(withdrawMissing.status());
        assertThat(withdrawShared.body().replace(shareId, "{id}"))
                .isEqualTo(withdrawMissing.body().replace("no-such-" + shareId, "{id}"));
        // Not the audit trail: the carer has none of their own, and the patient's is not theirs.
        carer().get("/fhir/AuditEvent").expect(403);

        // Another patient, and a holder, see nothing of the share.
        String otherBsn = freshBsn();
        gp().post("/fhir/Patient", patient(otherBsn)).expect(201);
        sameAsMissing(fhir().as(TestTokens.patient(otherBsn)), "/fhir/Patient/", patientId);
        assertThat(pharmacy().get("/fhir/Consent?patient=Patient/" + patientId).expect(200).bundle().getEntry()).isEmpty();
        sameAsMissing(pharmacy(), "/fhir/Consent/", shareId);

        // The patient sees the carer's look-ups, under the share, named by the BSN the patient gave.
        List<AuditEvent> trail = patientClient().get("/fhir/AuditEvent?_count=50").expect(200).bundle().getEntry().stream()
                .map(e -> (AuditEvent) e.getResource()).toList();
        List<AuditEvent> byCarer = trail.stream().filter(e -> e.getAgent().stream()
                .anyMatch(a -> carerBsn.equals(a.getWho().getIdentifier().getValue()))).toList();
        assertThat(byCarer).isNotEmpty();
        for (AuditEvent event : byCarer) {
            AuditEvent.AuditEventAgentComponent requestor = event.getAgent().stream()
                    .filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
            assertThat(requestor.getPolicy()).extracting(p -> p.getValue()).containsExactly("Consent/" + shareId);
            assertThat(requestor.getWho().getReference()).isNull();
            assertThat(requestor.hasNetwork()).isFalse();
        }
        assertThat(byCarer).anyMatch(e -> e.getEntity().stream()
                .anyMatch(en -> ("Condition/" + conditionId + "/_history/1").equals(en.getWhat().getReference())));
    }

    @Test
    void endingTheShareEndsTheReadingAndTheRecordLooksMissing() {
        String shareId = patientClient().post("/fhir/Consent", share(carerBsn, LocalDate.now(SERVER_ZONE).plusDays(10)))
                .expect(201).as(Consent.class).getIdElement().getIdPart();
        carer().get("/fhir/Patient/" + patientId).expect(200);

        Consent ended = patientClient().post("/fhir/Consent/" + shareId + "/$withdraw", new Parameters()).expect(200)
                .as(Consent.class);
        assertThat(ended.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        sameAsMissing(carer(), "/fhir/Patient/", patientId);
        sameAsMissing(carer(), "/fhir/Condition/", conditionId);
        assertThat(carer().get("/fhir/Condition?patient=Patient/" + patientId).status()).isEqualTo(403);
        // Nor can it be ended twice.
        patientClient().post("/fhir/Consent/" + shareId + "/$withdraw", new Parameters()).expect(409);
    }

    @Test
    void aCarerWithARecordOfTheirOwnReadsBoth() {
        String carerId = gp().post("/fhir/Patient", patient(carerBsn)).expect(201).as(Patient.class).getIdElement()
                .getIdPart();
        patientClient().post("/fhir/Consent", share(carerBsn, LocalDate.now(SERVER_ZONE).plusDays(5))).expect(201);
        assertThat(ids(carer().get("/fhir/Patient").expect(200).bundle()))
                .containsExactlyInAnyOrder("Patient/" + carerId, "Patient/" + patientId);
        // Their own permissions and trail stay their own: none of the patient's.
        assertThat(carer().get("/fhir/Consent").expect(200).bundle().getEntry()).isEmpty();
        for (Bundle.BundleEntryComponent entry : carer().get("/fhir/AuditEvent?_count=50").expect(200).bundle().getEntry()) {
            assertThat(((AuditEvent) entry.getResource()).getEntity()).noneMatch(e ->
                    ("Patient/" + patientId).equals(e.getWhat().getReference()));
        }
    }

    @Test
    void onlyThePatientSharesTheirOwnRecordWithinTheRules() {
        LocalDate inAMonth = LocalDate.now(SERVER_ZONE).plusMonths(1);
        // Nobody else gives it: not the person it names, not another patient, not a holder.
        carer().post("/fhir/Consent", share(carerBsn, inAMonth)).expect(403);
        String otherBsn = freshBsn();
        gp().post("/fhir/Patient", patient(otherBsn)).expect(201);
        fhir().as(TestTokens.patient(otherBsn)).post("/fhir/Consent", share(carerBsn, inAMonth)).expect(403);
        gp().post("/fhir/Consent", share(carerBsn, inAMonth)).expect(403);

        expectRefused(share(patientBsn, inAMonth), "Consent.provision.actor.reference.identifier.value", "someone else");
        expectRefused(share("123456789", inAMonth), "Consent.provision.actor.reference.identifier.value", "123456789");
        Consent noEnd = share(carerBsn, inAMonth);
        noEnd.getProvision().getPeriod().setEndElement(null);
        expectRefused(noEnd, "Consent.provision.period.end", "ends on a date");
        expectRefused(share(carerBsn, LocalDate.now(SERVER_ZONE).plusDays(400)), "Consent.provision.period", "at most 365 days");
        Consent backdated = share(carerBsn, inAMonth);
        backdated.getProvision().getPeriod().setStartElement(new DateTimeType(LocalDate.now(SERVER_ZONE).minusDays(3).toString()));
        expectRefused(backdated, "Consent.provision.period", "starts today or later");
        Consent proposed = share(carerBsn, inAMonth).setStatus(Consent.ConsentState.PROPOSED);
        expectRefused(proposed, "Consent.status", "active");
        Consent anonymous = share(carerBsn, inAMonth);
        anonymous.getProvision().getActorFirstRep().getReference().setIdentifier(null);
        expectRefused(anonymous, "Consent.provision.actor.reference.identifier", "BSN");

        // A share is not changed, by the patient nor by a holder; the patient ends it and shares again.
        Consent given = patientClient().post("/fhir/Consent", share(carerBsn, inAMonth)).expect(201).as(Consent.class);
        given.getProvision().getPeriod().setEndElement(new DateTimeType(inAMonth.plusDays(1).toString()));
        String givenId = given.getIdElement().getIdPart();
        patientClient().put("/fhir/Consent/" + givenId, given).expect(403);
        gp().put("/fhir/Consent/" + givenId, given).expect(403);
        assertThat(patientClient().get("/fhir/Consent/" + givenId).expect(200).as(Consent.class).getMeta().getVersionId())
                .isEqualTo("1");
        // Nor does a permission become a share.
        Consent permission = nl.schakelpunt.support.Resources.permission(new Reference("Patient/" + patientId));
        Consent stored = gp().post("/fhir/Consent", permission).expect(201).as(Consent.class);
        stored.getCategoryFirstRep().getCodingFirstRep().setCode(RecordSharing.CATEGORY);
        gp().put("/fhir/Consent/" + stored.getIdElement().getIdPart(), stored).expect(422);
    }

    private void expectRefused(Consent share, String expression, String words) {
        Response refused = patientClient().post("/fhir/Consent", share).expect(422);
        assertThat(refused.outcome().getIssueFirstRep().getExpression()).extracting(e -> e.getValue()).contains(expression);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains(words);
    }

    /** What a patient sends to share their record: the person and the last day; the server fills in the rest. */
    private Consent share(String withBsn, LocalDate until) {
        Consent share = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/" + patientId));
        share.getMeta().addProfile(RecordSharing.PROFILE);
        share.getProvision().getPeriod().setEndElement(new DateTimeType(until.toString()));
        share.getProvision().addActor().setReference(new Reference().setDisplay("Sanne Test")
                .setIdentifier(new Identifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(withBsn)));
        return share;
    }


    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.OUTCOME)
                .map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).toList();
    }

    /** The answer on a resource the requester may not read is the answer on one that does not exist, apart from its id. */
    private static void sameAsMissing(FhirHttp client, String path, String id) {
        String missing = "no-such-" + id;
        Response withheld = client.get(path + id);
        Response absent = client.get(path + missing);
        assertThat(withheld.status()).isEqualTo(404);
        assertThat(withheld.status()).isEqualTo(absent.status());
        assertThat(withheld.body().replace(id, "{id}")).isEqualTo(absent.body().replace(missing, "{id}"));
        assertThat(withheld.comparableHeaders(id)).isEqualTo(absent.comparableHeaders(missing));
    }

}
