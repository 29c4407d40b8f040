package nl.schakelpunt.consent;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** The life cycle of a permission over HTTP: each transition, each refusal, and the audit trail of each change. */
class PermissionLifecycleIT extends ServerTest {

    private String bsn;
    private String patientId;

    @BeforeEach
    void aPatient() {
        bsn = freshBsn();
        patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
    }

    private FhirHttp self() {
        return fhir().as(TestTokens.patient(bsn));
    }

    @Test
    void permissionGivenAtTheHolderIsActiveAtOnceAndAddressedToIt() {
        Consent given = permission("verbal", Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT, null);
        Consent stored = gp().post("/fhir/Consent", given).expect(201).as(Consent.class);
        assertThat(stored.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(stored.getOrganizationFirstRep().getReference()).isEqualTo("Organization/gp-de-linde");

        Consent onPaper = permission("paper", Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT, null);
        onPaper.setSource(new Attachment().setContentType("application/pdf").setTitle("scan").setData(new byte[] {37, 80, 68, 70}));
        assertThat(pharmacy().post("/fhir/Consent", onPaper).expect(201).as(Consent.class).getSourceAttachment().getTitle())
                .isEqualTo("scan");
    }

    @Test
    void holderCannotRecordARequestNorAnOnlinePermissionNorForAnotherHolder() {
        assertThat(gp().post("/fhir/Consent", permission("verbal", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.PERMIT, null)).expect(422).body()).contains("active at once");
        assertThat(gp().post("/fhir/Consent", permission("online", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, null)).expect(422).body()).contains("verbally or on paper");
        gp().post("/fhir/Consent", permission("verbal", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, "pharmacy-de-brug")).expect(403);
    }

    @Test
    void onlineRequestWaitsUntilTheHolderAcceptsIt() {
        Consent request = self().post("/fhir/Consent", permission("online", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.PERMIT, "gp-de-linde")).expect(201).as(Consent.class);
        String id = request.getIdElement().getIdPart();
        assertThat(request.getStatus()).isEqualTo(Consent.ConsentState.PROPOSED);

        // A patient does not process requests: $process is not on a patient's allow-list.
        FhirHttp.Response own = self().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(403);
        assertThat(own.outcome().getIssueFirstRep().getDiagnostics()).contains("$process").contains("not offered");
        // To another holder the request is as unknown as one that does not exist.
        FhirHttp.Response other = pharmacy().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(404);
        FhirHttp.Response missing = pharmacy().post("/fhir/Consent/no-such-request/$process", decision("accept", null))
                .expect(404);
        assertThat(other.body().replace(id, "{id}")).isEqualTo(missing.body().replace("no-such-request", "{id}"));

        Consent accepted = gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(200)
                .as(Consent.class);
        assertThat(accepted.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(accepted.getMeta().getVersionId()).isEqualTo("2");
        FhirHttp.Response again = gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(409);
        assertThat(again.outcome().getIssueFirstRep().getDiagnostics()).contains("active").contains("only a proposed");
        assertThat(gp().get("/fhir/Consent/" + id + "/_history").expect(200).bundle().getEntry()).hasSize(2);
    }

    @Test
    void patientCannotAskForAnActivePermitOrForSomeoneElse() {
        assertThat(self().post("/fhir/Consent", permission("online", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, "gp-de-linde")).expect(422).body()).contains("starts as proposed");
        Consent forAnna = permission("online", Consent.ConsentState.PROPOSED, Consent.ConsentProvisionType.PERMIT, "gp-de-linde");
        forAnna.setPatient(new Reference("Patient/anna"));
        self().post("/fhir/Consent", forAnna).expect(403);
        assertThat(self().post("/fhir/Consent", permission("online", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.PERMIT, "hospital-rivierenland")).expect(422).body()).contains("not a data holder");
    }

    @Test
    void holderRejectsARequestWithAReasonThePatientSees() {
        String id = request("gp-de-linde");
        FhirHttp.Response noReason = gp().post("/fhir/Consent/" + id + "/$process", decision("reject", null)).expect(422);
        assertThat(noReason.outcome().getIssueFirstRep().getDiagnostics()).contains("reason");
        gp().post("/fhir/Consent/" + id + "/$process", decision("reject", "Wij kennen u niet als patiënt")).expect(200);
        Consent seen = self().get("/fhir/Consent/" + id).expect(200).as(Consent.class);
        assertThat(seen.getStatus()).isEqualTo(Consent.ConsentState.REJECTED);
        assertThat(seen.getExtensionByUrl(PermissionCodes.REJECTION_REASON_EXTENSION).getValue().primitiveValue())
                .isEqualTo("Wij kennen u niet als patiënt");
        gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(409);
    }

    @Test
    void refusalAskedOnlineTakesEffectAtOnce() {
        Consent refusal = self().post("/fhir/Consent", permission("online", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.DENY, "gp-de-linde")).expect(201).as(Consent.class);
        assertThat(refusal.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(self().post("/fhir/Consent", permission("online", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.DENY, "gp-de-linde")).expect(422).body()).contains("takes effect at once");
    }

    @Test
    void patientWithdrawsAndAWithdrawnPermissionCannotBeAcceptedOrWithdrawnAgain() {
        String id = given("gp-de-linde");
        Consent withdrawn = self().post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(200).as(Consent.class);
        assertThat(withdrawn.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(withdrawn.getProvision().getPeriod().getEnd()).isNotNull();
        FhirHttp.Response again = self().post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(409);
        assertThat(again.outcome().getIssueFirstRep().getDiagnostics()).contains("inactive");
        FhirHttp.Response accept = gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(409);
        assertThat(accept.outcome().getIssueFirstRep().getDiagnostics()).contains("Cannot accept a permission that is inactive");
    }

    @Test
    void holderWithdrawsItsOwnNotAnotherHolders() {
        String id = given("gp-de-linde");
        pharmacy().post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(404);
        fhir().as(TestTokens.patient("999900006")).post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(404);
        assertThat(gp().post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(200).as(Consent.class)
                .getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    }

    @Test
    void holderMarksAPermissionItRecordedByMistake() {
        String id = given("gp-de-linde");
        Parameters inError = new Parameters();
        inError.addParameter().setName("reason").setValue(new CodeType("entered-in-error"));
        self().post("/fhir/Consent/" + id + "/$withdraw", inError).expect(409);
        assertThat(gp().post("/fhir/Consent/" + id + "/$withdraw", inError).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.ENTEREDINERROR);
    }

    @Test
    void newerActivePermissionMakesTheOlderInactive() {
        String older = given("gp-de-linde");
        String newer = given("gp-de-linde");
        assertThat(status(older)).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(status(newer)).isEqualTo(Consent.ConsentState.ACTIVE);
        String accepted = request("gp-de-linde");
        gp().post("/fhir/Consent/" + accepted + "/$process", decision("accept", null)).expect(200);
        assertThat(status(newer)).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(status(accepted)).isEqualTo(Consent.ConsentState.ACTIVE);
        String atPharmacy = given("pharmacy-de-brug");
        assertThat(status(accepted)).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(self().get("/fhir/Consent/" + atPharmacy).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.ACTIVE);
    }

    @Test
    void statusDoesNotChangeByAPlainUpdateAndNothingIsDeleted() {
        String id = given("gp-de-linde");
        Consent stored = gp().get("/fhir/Consent/" + id).expect(200).as(Consent.class);
        stored.setStatus(Consent.ConsentState.INACTIVE);
        FhirHttp.Response update = gp().put("/fhir/Consent/" + id, stored).expect(409);
        assertThat(update.outcome().getIssueFirstRep().getDiagnostics()).contains("from active to inactive")
                .contains("$withdraw");
        stored.setStatus(Consent.ConsentState.ACTIVE);
        stored.setSource(new Attachment().setContentType("application/pdf").setTitle("late scan").setData(new byte[] {1}));
        gp().put("/fhir/Consent/" + id, stored).expect(200);
        fhir().as(TestTokens.patient(bsn).scope("patient/*.cruds")).put("/fhir/Consent/" + id, stored).expect(403);
        // A permission is never deleted: delete is on no allow-list for Consent.
        assertThat(gp().delete("/fhir/Consent/" + id).status()).isEqualTo(403);
        assertThat(status(id)).isEqualTo(Consent.ConsentState.ACTIVE);
    }

    @Test
    void treatingProviderRecordsATemporaryPermissionForItselfOnly() {
        FhirHttp cardiologist = fhir().as(TestTokens.cardiologist());
        Consent temporary = permission("point-of-care", Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT,
                "gp-de-linde");
        Consent stored = cardiologist.post("/fhir/Consent", temporary).expect(201).as(Consent.class);
        assertThat(stored.getProvision().getActor()).anyMatch(a -> "IRCP".equals(a.getRole().getCodingFirstRep().getCode())
                && "Organization/hospital-rivierenland".equals(a.getReference().getReference()));
        Duration lasts = Duration.between(stored.getProvision().getPeriod().getStart().toInstant(),
                stored.getProvision().getPeriod().getEnd().toInstant());
        assertThat(lasts).isLessThanOrEqualTo(Duration.ofHours(72)).isGreaterThan(Duration.ofHours(71));

        Consent tooLong = permission("point-of-care", Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT,
                "gp-de-linde");
        tooLong.getProvision().setPeriod(new Period().setStart(new Date())
                .setEnd(Date.from(Instant.now().plus(Duration.ofHours(100)))));
        assertThat(cardiologist.post("/fhir/Consent", tooLong).expect(422).body()).contains("72 hours");
        assertThat(cardiologist.post("/fhir/Consent", permission("verbal", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, "gp-de-linde")).expect(422).body()).contains("point-of-care");
        fhir().as(TestTokens.organization(TestTokens.HOSPITAL, "V4")).post("/fhir/Consent", temporary).expect(403);
    }

    @Test
    void aPermissionStartingTodayAsADateIsAcceptedReplacedAndWithdrawnTheSameDay() {
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")).toString();
        Consent asked = permission("online", Consent.ConsentState.PROPOSED, Consent.ConsentProvisionType.PERMIT, "gp-de-linde");
        asked.getProvision().setPeriod(new Period().setStartElement(new DateTimeType(today)));
        String first = self().post("/fhir/Consent", asked).expect(201).as(Consent.class).getIdElement().getIdPart();
        gp().post("/fhir/Consent/" + first + "/$process", decision("accept", null)).expect(200);

        Consent given = permission("verbal", Consent.ConsentState.ACTIVE, Consent.ConsentProvisionType.PERMIT, "gp-de-linde");
        given.getProvision().setPeriod(new Period().setStartElement(new DateTimeType(today)));
        String second = gp().post("/fhir/Consent", given).expect(201).as(Consent.class).getIdElement().getIdPart();
        Consent replaced = self().get("/fhir/Consent/" + first).expect(200).as(Consent.class);
        assertThat(replaced.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);

        Consent withdrawn = self().post("/fhir/Consent/" + second + "/$withdraw", new Parameters()).expect(200).as(Consent.class);
        assertThat(withdrawn.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        for (Consent ended : List.of(replaced, withdrawn)) {
            Period period = ended.getProvision().getPeriod();
            assertThat(period.getStartElement().getValueAsString()).startsWith(today + "T00:00:00");
            assertThat(period.getEnd()).isAfterOrEqualTo(period.getStart()).isBeforeOrEqualTo(new Date());
        }
    }

    @Test
    void holderWorklistShowsProposedRequestsAddressedToItOldestFirst() {
        String first = request("gp-de-linde");
        String second = request("gp-de-linde");
        String elsewhere = request("pharmacy-de-brug");
        Bundle worklist = gp().get("/fhir/Consent?status=proposed&patient=Patient/" + patientId + "&_sort=date")
                .expect(200).bundle();
        assertThat(worklist.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(first, second);
        assertThat(pharmacy().get("/fhir/Consent?status=proposed&patient=Patient/" + patientId).expect(200).bundle()
                .getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(elsewhere);
        assertThat(self().get("/fhir/Consent?status=proposed").expect(200).bundle().getEntry()).hasSize(3);
        assertThat(fhir().as(TestTokens.patient("999900006")).get("/fhir/Consent?patient=Patient/" + patientId)
                .expect(200).bundle().getEntry()).isEmpty();
    }

    @Test
    void everyChangeLeavesAnAuditEventThePatientSees() {
        String id = request("gp-de-linde");
        gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(200);
        self().post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(200);
        gp().post("/fhir/Consent/" + id + "/$process", decision("accept", null)).expect(409);

        List<AuditEvent> events = self().get("/fhir/AuditEvent?_count=50").expect(200).bundle().getEntry().stream()
                .map(e -> (AuditEvent) e.getResource()).toList();
        List<AuditEvent> aboutIt = events.stream().filter(e -> e.getEntity().stream().anyMatch(en ->
                en.getWhat().getReference() != null && en.getWhat().getReference().startsWith("Consent/" + id))
                || e.getOutcome() != AuditEvent.AuditEventOutcome._0).toList();
        assertThat(aboutIt).extracting(e -> e.getSubtypeFirstRep().getCode() + " " + e.getOutcome().toCode())
                .contains("create 0", "operation 0", "operation 4");
        assertThat(aboutIt).anyMatch(e -> e.getEntity().stream()
                .anyMatch(en -> ("Consent/" + id + "/_history/3").equals(en.getWhat().getReference())));
    }

    @Test
    void transitionsAreDefinedInTheGuideAndAdvertised() {
        for (String code : List.of("process", "withdraw")) {
            Bundle found = gp().get("/fhir/OperationDefinition?url=https://schakelpunt.nl/fhir/OperationDefinition/" + code)
                    .expect(200).bundle();
            assertThat(((OperationDefinition) found.getEntryFirstRep().getResource()).getCode()).isEqualTo(code);
        }
        CapabilityStatement statement = fhir().get("/fhir/metadata").expect(200).as(CapabilityStatement.class);
        assertThat(statement.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Consent"))
                .findFirst().orElseThrow().getOperation()).extracting(op -> op.getName())
                .contains("process", "withdraw");
    }

    // ---------------------------------------------------------------- helpers

    private String given(String holder) {
        FhirHttp writer = holder.equals("gp-de-linde") ? gp() : pharmacy();
        return writer.post("/fhir/Consent", permission("verbal", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, holder)).expect(201).as(Consent.class).getIdElement().getIdPart();
    }

    private String request(String holder) {
        return self().post("/fhir/Consent", permission("online", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.PERMIT, holder)).expect(201).as(Consent.class).getIdElement().getIdPart();
    }

    private Consent.ConsentState status(String id) {
        return self().get("/fhir/Consent/" + id).expect(200).as(Consent.class).getStatus();
    }

    private static Parameters decision(String decision, String reason) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("decision").setValue(new CodeType(decision));
        if (reason != null) {
            parameters.addParameter().setName("reason").setValue(new StringType(reason));
        }
        return parameters;
    }

    /** A permission after the IG profile, for this test's patient; the holder is left out when null. */
    private Consent permission(String channel, Consent.ConsentState status, Consent.ConsentProvisionType type,
            String holder) {
        Consent consent = new Consent().setStatus(status)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(DateTimeType.now())
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        if (holder != null) {
            consent.addOrganization(new Reference("Organization/" + holder));
        }
        consent.addExtension(PermissionCodes.CHANNEL_EXTENSION, new Coding(PermissionCodes.CHANNEL_SYSTEM, channel, null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(type);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM, "CST", null)))
                .setReference(new Reference("Organization/" + (holder == null ? "gp-de-linde" : holder)));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "TREAT", null));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "ETREAT", null));
        return consent;
    }
}
