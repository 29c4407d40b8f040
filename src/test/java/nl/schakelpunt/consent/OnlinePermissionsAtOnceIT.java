package nl.schakelpunt.consent;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * A data holder's setting for online permissions ($online-permissions): with it on, a permission a patient gives
 * online with a verified login (DigiD substantieel or hoog) is active at once; otherwise it waits for the holder.
 * Only the holder changes its setting. The test uses Apotheek Centrum and turns the setting off again afterwards.
 */
class OnlinePermissionsAtOnceIT extends ServerTest {

    private static final String HOLDER = "pharmacy-centrum";

    private String bsn;
    private String patientId;

    private FhirHttp centrum() {
        return fhir().as(TestTokens.organization(TestTokens.PHARMACY_CENTRUM, "J8"));
    }

    private FhirHttp patientWith(String loginAssurance) {
        return fhir().as(TestTokens.patient(bsn).claim("login_assurance", loginAssurance));
    }

    @BeforeEach
    void aPatientOfTheirOwn() {
        bsn = freshBsn();
        patientId = centrum().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement()
                .getIdPart();
    }

    @AfterEach
    void settingOff() {
        centrum().post("/fhir/Organization/" + HOLDER + "/$online-permissions", atOnce(false)).expect(200);
    }

    @Test
    void withTheSettingOnAVerifiedLoginsPermissionIsActiveAtOnce() {
        Organization set = centrum().post("/fhir/Organization/" + HOLDER + "/$online-permissions", atOnce(true))
                .expect(200).as(Organization.class);
        assertThat(set.getExtensionByUrl(HolderSettings.AT_ONCE_EXTENSION).getValue().primitiveValue()).isEqualTo("true");
        // Everyone reads the setting in the directory (the portal says before the patient confirms).
        assertThat(patientWith("substantieel").get("/fhir/Organization/" + HOLDER).expect(200).as(Organization.class)
                .getExtensionByUrl(HolderSettings.AT_ONCE_EXTENSION)).isNotNull();

        Consent given = patientWith("substantieel").post("/fhir/Consent", online(Consent.ConsentState.ACTIVE))
                .expect(201).as(Consent.class);
        assertThat(given.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        // DigiD hoog counts as verified too; basis and midden do not, nor a token that does not say.
        patientWith("hoog").post("/fhir/Consent", online(Consent.ConsentState.ACTIVE)).expect(201);
        for (String level : new String[] {"midden", "basis", null}) {
            FhirHttp.Response refused = patientWith(level).post("/fhir/Consent", online(Consent.ConsentState.ACTIVE))
                    .expect(422);
            assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("verified");
        }
        // A request still may wait for processing.
        assertThat(patientWith("midden").post("/fhir/Consent", online(Consent.ConsentState.PROPOSED)).expect(201)
                .as(Consent.class).getStatus()).isEqualTo(Consent.ConsentState.PROPOSED);
    }

    @Test
    void withTheSettingOffEvenAVerifiedLoginWaits() {
        centrum().post("/fhir/Organization/" + HOLDER + "/$online-permissions", atOnce(false)).expect(200);
        FhirHttp.Response refused = patientWith("hoog").post("/fhir/Consent", online(Consent.ConsentState.ACTIVE))
                .expect(422);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("starts as proposed");
    }

    @Test
    void onlyTheHolderItselfChangesItsSetting() {
        FhirHttp.Response otherHolder = pharmacy().post("/fhir/Organization/" + HOLDER + "/$online-permissions",
                atOnce(true)).expect(403);
        assertThat(otherHolder.outcome().getIssueFirstRep().getDiagnostics()).contains("Only the holder");
        // A patient's allow-list does not offer the operation at all.
        patientWith("hoog").post("/fhir/Organization/" + HOLDER + "/$online-permissions", atOnce(true)).expect(403);
        // A staff member of the holder may (a professional of Apotheek Centrum).
        fhir().as(TestTokens.professional(TestTokens.PHARMACY_CENTRUM, "J8", "900000202", "17.000"))
                .post("/fhir/Organization/" + HOLDER + "/$online-permissions", atOnce(true)).expect(200);
        assertThat(operator().get("/fhir/Organization/" + HOLDER).expect(200).as(Organization.class)
                .getExtensionByUrl(HolderSettings.AT_ONCE_EXTENSION).getValue().primitiveValue()).isEqualTo("true");
        FhirHttp.Response noValue = centrum().post("/fhir/Organization/" + HOLDER + "/$online-permissions",
                new Parameters()).expect(422);
        assertThat(noValue.body()).contains("at-once");
    }

    private static Parameters atOnce(boolean value) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("at-once").setValue(new BooleanType(value));
        return parameters;
    }

    private Consent online(Consent.ConsentState status) {
        Consent consent = new Consent().setStatus(status)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(DateTimeType.now())
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)))
                .addOrganization(new Reference("Organization/" + HOLDER));
        consent.addExtension(PermissionCodes.CHANNEL_EXTENSION, new Coding(PermissionCodes.CHANNEL_SYSTEM, "online", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM, "CST", null)))
                .setReference(new Reference("Organization/" + HOLDER));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "TREAT", null));
        return consent;
    }
}
