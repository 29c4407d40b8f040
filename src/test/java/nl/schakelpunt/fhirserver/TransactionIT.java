package nl.schakelpunt.fhirserver;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.freshUra;
import static nl.schakelpunt.support.Resources.organization;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;

class TransactionIT extends ServerTest {

    @Test
    void transactionStoresAllEntriesWithInternalReferences() {
        String bsn = freshBsn();
        Bundle bundle = bundle(Bundle.BundleType.TRANSACTION);
        add(bundle, "urn:uuid:11111111-1111-1111-1111-111111111111", patient(bsn));
        add(bundle, null, new Condition()
                .setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86", null)))
                .setSubject(new Reference("urn:uuid:11111111-1111-1111-1111-111111111111")));
        Bundle response = gp().post("/fhir", FhirHttp.json(bundle)).expect(200).bundle();
        assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));
        String patientId = response.getEntry().get(0).getResponse().getLocation().split("/")[1];
        assertThat(gp().get("/fhir/Condition?subject=Patient/" + patientId).expect(200).bundle().getEntry()).hasSize(1);
    }

    @Test
    void transactionWithOneBadEntryStoresNothing() {
        String goodBsn = freshBsn();
        String ura = freshUra();
        Bundle bundle = bundle(Bundle.BundleType.TRANSACTION);
        add(bundle, null, new Medication().setCode(new CodeableConcept().setText("Test product " + ura)));
        add(bundle, null, patient(goodBsn));
        add(bundle, null, patient("123456789"));
        FhirHttp.Response response = gp().post("/fhir", FhirHttp.json(bundle));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("123456789").contains("11-check");
        assertThat(count("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + goodBsn)).isZero();
        assertThat(count("/fhir/Medication?code:text=" + ura)).isZero();
    }

    @Test
    void transactionWithDuplicateBsnStoresNothing() {
        String bsn = freshBsn();
        Bundle bundle = bundle(Bundle.BundleType.TRANSACTION);
        add(bundle, null, patient(bsn));
        add(bundle, null, patient(bsn));
        FhirHttp.Response response = gp().post("/fhir", FhirHttp.json(bundle));
        // Both entries become conditional creates on the BSN (a pushed Patient is matched), which
        // HAPI refuses as ambiguous within one transaction.
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains(bsn);
        assertThat(count("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn)).isZero();
    }

    @Test
    void transactionEntryOfUnsupportedTypeIsRefusedAndNothingStored() {
        String bsn = freshBsn();
        Bundle bundle = bundle(Bundle.BundleType.TRANSACTION);
        add(bundle, null, patient(bsn));
        add(bundle, null, new Basic().setCode(new CodeableConcept().setText("not exposed")));
        FhirHttp.Response response = gp().post("/fhir", FhirHttp.json(bundle));
        assertThat(response.status()).isBetween(400, 422);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Basic");
        assertThat(count("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn)).isZero();
    }

    @Test
    void batchAnswersEachEntryOnItsOwn() {
        String goodBsn = freshBsn();
        Bundle bundle = bundle(Bundle.BundleType.BATCH);
        add(bundle, null, patient(goodBsn));
        add(bundle, null, patient("123456789"));
        Bundle response = gp().post("/fhir", FhirHttp.json(bundle)).expect(200).bundle();
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("422");
        assertThat(count("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + goodBsn)).isEqualTo(1);
    }

    private static Bundle bundle(Bundle.BundleType type) {
        return new Bundle().setType(type);
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private int count(String search) {
        return gp().get(search).expect(200).bundle().getEntry().size();
    }
}
