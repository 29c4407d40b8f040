package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;

import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;

/**
 * A patch that does not apply is answered without stored content, to the holder itself too; to
 * another holder the resource is as unknown as a missing one, whatever the patch.
 */
class PatchErrorsIT extends ServerTest {

    private static final String SECRET = "Journal text that only this GP practice may read";
    private static final String JSON_PATCH = "application/json-patch+json";

    /** A journal entry about a patient of this test's own, so that no other test sees it. */
    private String journalEntry() {
        String patientId = gp().post("/fhir/Patient", Resources.patient(Resources.freshBsn())).expect(201)
                .as(Patient.class).getIdElement().getIdPart();
        Observation entry = new Observation();
        entry.setStatus(Observation.ObservationStatus.FINAL);
        entry.setCode(new CodeableConcept(new Coding("http://loinc.org", "11506-3", "Progress note")));
        entry.setSubject(new Reference("Patient/" + patientId));
        entry.setEffective(new DateTimeType(new Date()));
        entry.setValue(new StringType(SECRET));
        return gp().post("/fhir/Observation", entry).expect(201).as(Observation.class).getIdElement().getIdPart();
    }

    private static String copyTextIntoDate() {
        return "[{\"op\":\"copy\",\"from\":\"/valueString\",\"path\":\"/effectiveDateTime\"}]";
    }

    @Test
    void patchErrorOnOwnDataCarriesNoStoredContent() {
        String id = journalEntry();
        FhirHttp.Response response = gp().patch("/fhir/Observation/" + id, copyTextIntoDate(), JSON_PATCH);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(SECRET).contains("The patch could not be applied");
        FhirHttp.Response testOp = gp().patch("/fhir/Observation/" + id,
                "[{\"op\":\"test\",\"path\":\"/valueString\",\"value\":\"something else\"}]", JSON_PATCH);
        assertThat(testOp.status()).isEqualTo(400);
        assertThat(testOp.body()).doesNotContain(SECRET);
        assertThat(gp().get("/fhir/Observation/" + id).expect(200).as(Observation.class).getMeta().getVersionId())
                .isEqualTo("1");
    }

    @Test
    void patchErrorInABatchCarriesNoStoredContent() {
        String id = journalEntry();
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        Bundle.BundleEntryComponent entry = batch.addEntry();
        entry.setResource(new Binary().setContentType(JSON_PATCH)
                .setData(copyTextIntoDate().getBytes()));
        entry.getRequest().setMethod(Bundle.HTTPVerb.PATCH).setUrl("Observation/" + id);
        FhirHttp.Response response = gp().post("/fhir", FhirHttp.json(batch)).expect(200);
        assertThat(response.body()).doesNotContain(SECRET);
        assertThat(response.bundle().getEntryFirstRep().getResponse().getStatus()).startsWith("400");
    }

    @Test
    void patchOfAnotherHoldersResourceLooksMissing() {
        String id = journalEntry();
        FhirHttp.Response withheld = pharmacy().patch("/fhir/Observation/" + id, copyTextIntoDate(), JSON_PATCH);
        FhirHttp.Response missing = pharmacy().patch("/fhir/Observation/no-such-entry", copyTextIntoDate(), JSON_PATCH);
        assertThat(withheld.status()).isEqualTo(404);
        assertThat(withheld.body().replace(id, "{id}")).isEqualTo(missing.body().replace("no-such-entry", "{id}"));
        assertThat(withheld.body()).doesNotContain(SECRET);
    }
}
