package nl.schakelpunt.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** $locate and $summary: what a treating professional may see, as holders and as a document. */
class SummaryIT extends ServerTest {

    private static final String BSN = "identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C";

    private FhirHttp hapGp() {
        return fhir().as(TestTokens.professional("90000401", "N6", "900000401", "01.015"));
    }

    private FhirHttp pharmacistKok() {
        return fhir().as(TestTokens.professional("90000202", "J8", "900000202", "17.000"));
    }

    private Map<String, List<String>> located(FhirHttp client, String bsn) {
        Bundle bundle = client.get("/fhir/Patient/$locate?" + BSN + bsn).expect(200).bundle();
        return bundle.getEntry().stream().map(e -> (Organization) e.getResource()).collect(Collectors.toMap(
                o -> o.getIdElement().getIdPart(),
                o -> o.getExtensionsByUrl(SummaryOperations.OFFERED_CATEGORY_EXTENSION).stream()
                        .map(x -> ((Coding) x.getValue()).getCode()).sorted().toList()));
    }

    @Test
    void locateNamesOnlyHoldersWhoseDataMayBeSeenWithTheirCategories() {
        assertThat(located(hapGp(), "999900006")).isEqualTo(Map.of(
                "gp-de-linde", List.of("GGC002", "GGC012"),
                "pharmacy-de-brug", List.of("GGC013")));
        assertThat(located(pharmacistKok(), "999900006")).isEqualTo(Map.of("pharmacy-de-brug", List.of("GGC013")));
        assertThat(located(hapGp(), "999900018")).isEmpty();
        assertThat(located(hapGp(), "999900031")).isEmpty();
        assertThat(located(hapGp(), "999700005")).isEmpty();
        assertThat(located(fhir().as(TestTokens.professional("90000501", "V4", "900000599", "01.002")), "999900006"))
                .isEmpty();
    }

    @Test
    void summaryIsADocumentWithTheSectionsAndOnlyPermittedData() {
        Bundle document = hapGp().get("/fhir/Patient/$summary?" + BSN + "999900006").expect(200).bundle();
        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("60591-5");
        assertThat(composition.getSubject().getReference()).isEqualTo("Patient/anna");
        Map<String, List<String>> sections = composition.getSection().stream().collect(Collectors.toMap(
                Composition.SectionComponent::getTitle,
                s -> s.getEntry().stream().map(r -> r.getReference()).sorted().toList()));
        assertThat(sections.get("Medicatie")).containsExactlyInAnyOrder(
                "MedicationStatement/anna-pharmacy-de-brug-use-metoprolol",
                "MedicationStatement/anna-pharmacy-de-brug-use-omeprazole",
                "MedicationDispense/anna-pharmacy-de-brug-dispense-metoprolol");
        assertThat(sections.get("Allergieën en intoleranties"))
                .containsExactly("AllergyIntolerance/anna-pharmacy-de-brug-allergy-penicillin");
        assertThat(sections.get("Open problemen (episodes)")).containsExactly("Condition/anna-gp-de-linde-episode-k86");
        assertThat(sections.get("Contacten en journaal")).containsExactlyInAnyOrder(
                "Encounter/anna-gp-de-linde-contact-2w", "Encounter/anna-gp-de-linde-contact-3m",
                "Observation/anna-gp-de-linde-contact-2w-journal-s", "Observation/anna-gp-de-linde-contact-2w-journal-o",
                "Observation/anna-gp-de-linde-contact-2w-journal-e", "Observation/anna-gp-de-linde-contact-2w-journal-p",
                "Observation/anna-gp-de-linde-contact-3m-journal-s", "Observation/anna-gp-de-linde-contact-3m-journal-o",
                "Observation/anna-gp-de-linde-contact-3m-journal-e", "Observation/anna-gp-de-linde-contact-3m-journal-p");
        assertThat(sections.get("Uitslagen")).containsExactly("Observation/anna-gp-de-linde-result-3m");
        assertThat(composition.getSection()).allSatisfy(section -> {
            assertThat(section.getText().getDivAsString()).isNotBlank();
            assertThat(section.getAuthor()).isNotEmpty();
        });
        List<String> inBundle = document.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).toList();
        assertThat(inBundle).contains("Patient/anna", "Organization/gp-de-linde", "Organization/pharmacy-de-brug")
                .doesNotContain("Encounter/anna-gp-de-linde-contact-14m");
        assertThat(hapGp().get("/fhir/Patient/anna/$summary").expect(200).bundle().getEntry())
                .hasSize(document.getEntry().size());
    }

    /**
     * For every permission situation of the demo data, for treatment and in an emergency, the summary
     * holds exactly what the same professional's own searches return: the same rule, the same window.
     */
    @Test
    void summaryHoldsExactlyWhatTheProfessionalsSearchesReturnForEveryDemoPatient() {
        List<String> types = List.of("MedicationStatement", "MedicationDispense", "MedicationRequest",
                "AllergyIntolerance", "Condition", "Encounter", "Observation");
        for (String purpose : List.of("TREAT", "ETREAT")) {
            for (FhirHttp professional : List.of(
                    fhir().as(TestTokens.professional("90000401", "N6", "900000401", "01.015").claim("purpose_of_use", purpose)),
                    fhir().as(TestTokens.professional("90000501", "V4", "900000502", "01.071").claim("purpose_of_use", purpose)),
                    fhir().as(TestTokens.professional("90000202", "J8", "900000202", "17.000").claim("purpose_of_use", purpose)))) {
                for (String bsn : List.of("999900006", "999900018", "999900031", "999900043", "999900055", "999900067",
                        "999900079", "999900080", "999900092", "999900109")) {
                    Set<String> searched = new TreeSet<>();
                    for (String type : types) {
                        professional.get("/fhir/" + type + "?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                                + bsn + "&_count=200").expect(200).bundle().getEntry()
                                .forEach(e -> searched.add(type + "/" + e.getResource().getIdElement().getIdPart()));
                    }
                    Composition composition = (Composition) professional.get("/fhir/Patient/$summary?" + BSN + bsn)
                            .expect(200).bundle().getEntryFirstRep().getResource();
                    Set<String> summarised = composition.getSection().stream().flatMap(section -> section.getEntry().stream())
                            .map(r -> r.getReference()).collect(Collectors.toCollection(TreeSet::new));
                    assertThat(summarised).as("%s for %s", bsn, purpose).isEqualTo(searched);
                }
            }
        }
    }

    @Test
    void summaryWithoutRightsHasNoDataAndRevealsNothing() {
        for (String bsn : List.of("999900018", "999900031", "999900043", "999700005")) {
            Bundle document = hapGp().get("/fhir/Patient/$summary?" + BSN + bsn).expect(200).bundle();
            Composition composition = (Composition) document.getEntryFirstRep().getResource();
            assertThat(composition.getSection()).hasSize(5).allSatisfy(section -> {
                assertThat(section.getEntry()).isEmpty();
                assertThat(section.getText().getDivAsString()).contains("Geen informatie beschikbaar")
                        .doesNotContain("refus").doesNotContain("weiger").doesNotContain("permission");
                assertThat(section.hasEmptyReason()).isFalse();
            });
            assertThat(document.getEntry()).extracting(e -> e.getResource().fhirType())
                    .doesNotContain("Organization", "Encounter", "MedicationStatement");
        }
    }

    @Test
    void lookUpsAreForTreatingProfessionals() {
        fhir().as(TestTokens.patient("999900006")).get("/fhir/Patient/$summary?" + BSN + "999900006").expect(403);
        gp().get("/fhir/Patient/$locate?" + BSN + "999900006").expect(403);
        hapGp().get("/fhir/Patient/$locate?identifier=urn:other%7C123").expect(400);
    }

    @Test
    void summaryLooksUpAreAuditedWithTheHoldersWhoseDataWasShown() {
        Bundle document = hapGp().get("/fhir/Patient/$summary?" + BSN + "999900006").expect(200).bundle();
        List<Resource> shown = document.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        assertThat(shown).isNotEmpty();
        org.hl7.fhir.r4.model.AuditEvent last = (org.hl7.fhir.r4.model.AuditEvent) fhir().as(TestTokens.patient("999900006"))
                .get("/fhir/AuditEvent?_count=5").expect(200).bundle().getEntry().stream()
                .map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
                .filter(e -> e.getEntity().stream().anyMatch(en -> en.getDescription() != null
                        && en.getDescription().contains("$summary")))
                .findFirst().orElseThrow();
        assertThat(last.getEntity()).extracting(e -> e.getWhat().getReference())
                .contains("Organization/gp-de-linde", "Organization/pharmacy-de-brug", "Patient/anna");
        assertThat(last.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("900000401");
    }
}
