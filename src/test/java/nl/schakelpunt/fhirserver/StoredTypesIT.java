package nl.schakelpunt.fhirserver;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;

/** Create, read and search for each resource type the exchange point stores. */
class StoredTypesIT extends ServerTest {

    private static final CodeableConcept SOME_CODE = new CodeableConcept(new Coding("http://snomed.info/sct", "38341003", "Hypertension"));

    private Reference patientRef;

    @BeforeEach
    void aPatient() {
        Patient created = gp().post("/fhir/Patient", patient(freshBsn())).expect(201).as(Patient.class);
        patientRef = new Reference("Patient/" + created.getIdElement().getIdPart());
    }

    static Stream<Arguments> types() {
        List<Function<Reference, Resource>> builders = List.of(
                p -> patient(freshBsn()),
                p -> Resources.organization("http://fhir.nl/fhir/NamingSystem/ura", Resources.freshUra()),
                p -> new Practitioner().addName(new HumanName().setFamily("Arts")),
                p -> new PractitionerRole().setActive(true)
                        .setPractitioner(new Reference("Practitioner/gp-jansen"))
                        .setOrganization(new Reference("Organization/gp-de-linde"))
                        .addCode(new CodeableConcept(new Coding("http://fhir.nl/fhir/NamingSystem/uzi-rolcode", "01.015", "Huisarts"))),
                Resources::permission,
                p -> new Medication().setCode(SOME_CODE),
                p -> new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                        .setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", null)))
                        .setEffective(new DateTimeType("2026-01-01"))
                        .setMedication(SOME_CODE).setSubject(p),
                p -> new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                        .setIntent(MedicationRequest.MedicationRequestIntent.ORDER).setMedication(SOME_CODE).setSubject(p),
                p -> new MedicationDispense().setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED)
                        .setMedication(SOME_CODE).setSubject(p),
                p -> new AllergyIntolerance().setClinicalStatus(new CodeableConcept(new Coding(
                                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)))
                        .setCode(SOME_CODE).setPatient(p),
                p -> new Condition().setClinicalStatus(new CodeableConcept(new Coding(
                                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                        .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86", null)))
                        .setSubject(p),
                p -> new EpisodeOfCare().setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE).setPatient(p),
                p -> new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                        .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(p)
                        .setPeriod(new Period().setStartElement(new DateTimeType("2026-11-01"))),
                p -> new Observation().setStatus(Observation.ObservationStatus.FINAL).setCode(SOME_CODE).setSubject(p)
                        .setEffective(new DateTimeType("2026-11-01")),
                p -> new Composition().setStatus(Composition.CompositionStatus.FINAL).setType(SOME_CODE)
                        .setDate(new Date()).setTitle("Samenvatting").setSubject(p).addAuthor(p));
        return builders.stream().map(b -> Arguments.of(b.apply(null).fhirType(), b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void createReadAndSearch(String type, Function<Reference, Resource> builder) {
        Resource resource = builder.apply(patientRef);
        // The directory is the operator's to manage; everything else is written by a data holder.
        FhirHttp writer = Set.of("Organization", "Practitioner", "PractitionerRole").contains(type) ? operator() : gp();
        Resource created = writer.post("/fhir/" + type, resource).expect(201).as(resource.getClass());
        String id = created.getIdElement().getIdPart();
        assertThat(created.getMeta().getVersionId()).isEqualTo("1");

        Resource read = writer.get("/fhir/" + type + "/" + id).expect(200).as(resource.getClass());
        assertThat(read.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(read.fhirType()).isEqualTo(type);

        Bundle found = writer.get("/fhir/" + type + "?_id=" + id).expect(200).bundle();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(id);
    }
}
