package nl.schakelpunt.access;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.freshUra;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** Who may write what: a holder writes only as itself; readers, patients and the operator do not write clinical data. */
class WriteRulesIT extends ServerTest {

    private String patientId;

    @BeforeEach
    void aPatient() {
        patientId = gp().post("/fhir/Patient", patient(freshBsn())).expect(201).as(Patient.class)
                .getIdElement().getIdPart();
    }

    @Test
    void holderIsRecordedFromTheTokenNeverFromThePayload() {
        Condition episode = episode();
        episode.addExtension(PermissionCodes.HOLDER_EXTENSION, new Reference("Organization/pharmacy-de-brug"));
        Condition stored = gp().post("/fhir/Condition", episode).expect(201).as(Condition.class);
        assertThat(holderOf(stored)).isEqualTo("Organization/gp-de-linde");
        assertThat(stored.getExtensionsByUrl(PermissionCodes.HOLDER_EXTENSION)).hasSize(1);
    }

    @Test
    void holderUpdatesAndDeletesItsOwnData() {
        Condition stored = gp().post("/fhir/Condition", episode()).expect(201).as(Condition.class);
        String id = stored.getIdElement().getIdPart();
        stored.setClinicalStatus(status("resolved"));
        gp().put("/fhir/Condition/" + id, stored).expect(200);
        gp().delete("/fhir/Condition/" + id).expect(200);
        // Deleted, it is not known to anyone: the index no longer names its holder (ADR 16).
        gp().get("/fhir/Condition/" + id).expect(404);
    }

    @Test
    void anotherHolderCannotUpdateOrDelete() {
        Condition stored = gp().post("/fhir/Condition", episode()).expect(201).as(Condition.class);
        String id = stored.getIdElement().getIdPart();
        Condition changed = stored.copy();
        changed.setClinicalStatus(status("resolved"));
        FhirHttp.Response update = pharmacy().put("/fhir/Condition/" + id, changed).expect(403);
        assertThat(update.outcome().getIssueFirstRep().getDiagnostics()).contains("another organisation");
        // Another holder's resource is answered as one that does not exist.
        pharmacy().delete("/fhir/Condition/" + id).expect(404);
        Condition after = gp().get("/fhir/Condition/" + id).expect(200).as(Condition.class);
        assertThat(after.getMeta().getVersionId()).isEqualTo("1");
        assertThat(after.getClinicalStatus().getCodingFirstRep().getCode()).isEqualTo("active");
    }

    @Test
    void crossHolderUpdateInsideATransactionRollsBackEveryEntry() {
        Condition stored = gp().post("/fhir/Condition", episode()).expect(201).as(Condition.class);
        String bsn = freshBsn();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(patient(bsn)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        Condition changed = stored.copy();
        changed.setClinicalStatus(status("resolved"));
        bundle.addEntry().setResource(changed).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Condition/" + stored.getIdElement().getIdPart());
        pharmacy().post("/fhir", FhirHttp.json(bundle)).expect(403);
        assertThat(gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn).expect(200).bundle()
                .getEntry()).isEmpty();
        assertThat(gp().get("/fhir/Condition/" + stored.getIdElement().getIdPart()).expect(200).as(Condition.class)
                .getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void patientPushedInATransactionIsMatchedAndReferencesPointToIt() {
        String bsn = freshBsn();
        Patient first = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:33333333-3333-3333-3333-333333333333").setResource(patient(bsn))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        MedicationStatement use = medicationUse(new Reference("urn:uuid:33333333-3333-3333-3333-333333333333"));
        bundle.addEntry().setResource(use).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("MedicationStatement");
        Bundle response = pharmacy().post("/fhir", FhirHttp.json(bundle)).expect(200).bundle();
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("200");
        String useId = response.getEntry().get(1).getResponse().getLocation().split("/")[1];
        MedicationStatement stored = pharmacy().get("/fhir/MedicationStatement/" + useId).expect(200)
                .as(MedicationStatement.class);
        assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + first.getIdElement().getIdPart());
        assertThat(holderOf(stored)).isEqualTo("Organization/pharmacy-de-brug");
        assertThat(gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn).expect(200).bundle()
                .getEntry()).hasSize(1);
    }

    @Test
    void professionalOfAReadingOrganisationDoesNotWriteClinicalData() {
        FhirHttp.Response response = fhir().as(TestTokens.cardiologist()).post("/fhir/Condition", episode()).expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Only a data holder");
    }

    @Test
    void professionalOfAHolderWritesAsThatHolder() {
        Condition stored = fhir().as(TestTokens.professional(TestTokens.GP_DE_LINDE, "Z3", "900000101", "01.015"))
                .post("/fhir/Condition", episode()).expect(201).as(Condition.class);
        assertThat(holderOf(stored)).isEqualTo("Organization/gp-de-linde");
    }

    @Test
    void patientDoesNotWrite() {
        fhir().as(TestTokens.patient("999900006")).post("/fhir/Condition", episode()).expect(403);
        fhir().as(TestTokens.patient("999900006").scope("patient/*.cruds"))
                .post("/fhir/Condition", episode()).expect(403);
    }

    @Test
    void operatorManagesOrganisationsButWritesNoClinicalData() {
        operator().post("/fhir/Organization", Resources.organization(NamingSystems.URA, freshUra())).expect(201);
        FhirHttp.Response response = operator().post("/fhir/Condition", episode()).expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Condition").contains("not offered");
        operator().post("/fhir/Patient", patient(freshBsn())).expect(403);
    }

    @Test
    void holderSuppliesOrganisationsButDoesNotManageTheRegisteredOnes() {
        Organization supplied = gp().post("/fhir/Organization", Resources.organization(NamingSystems.URA, freshUra()))
                .expect(201).as(Organization.class);
        assertThat(holderOf(supplied)).isEqualTo("Organization/gp-de-linde");
        Organization registered = gp().get("/fhir/Organization/gp-de-linde").expect(200).as(Organization.class);
        gp().put("/fhir/Organization/gp-de-linde", registered.setName("Elsewhere")).expect(403);
    }

    @Test
    void patientIsNotDeletedThroughTheApi() {
        gp().delete("/fhir/Patient/" + patientId).expect(403);
        gp().get("/fhir/Patient/" + patientId).expect(200);
    }

    @Test
    void permissionIsRecordedOnlyForTheHolderItself() {
        Consent toOther = Resources.permission(new Reference("Patient/" + patientId));
        toOther.getOrganization().clear();
        toOther.addOrganization(new Reference("Organization/pharmacy-de-brug"));
        gp().post("/fhir/Consent", toOther).expect(403);
        gp().post("/fhir/Consent", Resources.permission(new Reference("Patient/" + patientId))).expect(201);
    }

    @Test
    void scopeWithoutCreateOnTheTypeIsRefused() {
        FhirHttp narrow = fhir().as(TestTokens.gpDeLinde().scope("system/Patient.cruds system/Condition.rs"));
        FhirHttp.Response response = narrow.post("/fhir/Condition", episode()).expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("scopes").contains("Condition");
        narrow.post("/fhir/Patient", patient(freshBsn())).expect(201);
    }

    @Test
    void scopeWithoutCreateIsRefusedInsideATransactionToo() {
        FhirHttp narrow = fhir().as(TestTokens.gpDeLinde().scope("system/Patient.cruds system/Condition.rs"));
        String bsn = freshBsn();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(patient(bsn)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setResource(episode()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
        narrow.post("/fhir", FhirHttp.json(bundle)).expect(403);
        assertThat(gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn).expect(200).bundle()
                .getEntry()).isEmpty();
    }

    private Condition episode() {
        return new Condition()
                .setClinicalStatus(status("active"))
                .addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)))
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86", null)))
                .setSubject(new Reference("Patient/" + patientId));
    }

    private static MedicationStatement medicationUse(Reference subject) {
        return new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", null)))
                .setEffective(new DateTimeType("2026-11-01"))
                .setMedication(new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.2.4.4.10", "1813", null)))
                .setSubject(subject);
    }

    private static CodeableConcept status(String code) {
        return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", code, null));
    }

    private static String holderOf(DomainResource resource) {
        return ((Reference) resource.getExtensionByUrl(PermissionCodes.HOLDER_EXTENSION).getValue()).getReference();
    }
}
