package nl.schakelpunt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.schakelpunt.support.ServerTest;

/** The implementation guide is loaded from the classpath and served: definitions, terminology, search. */
class ImplementationGuideIT extends ServerTest {

    private static final String BASE = "https://schakelpunt.nl/fhir";

    @ParameterizedTest
    @ValueSource(strings = {"schakelpunt-patient", "schakelpunt-organization", "schakelpunt-practitioner",
            "schakelpunt-practitionerrole", "schakelpunt-permission", "schakelpunt-medicationuse",
            "schakelpunt-medicationrequest", "schakelpunt-medicationdispense", "schakelpunt-allergyintolerance",
            "schakelpunt-gp-episode", "schakelpunt-gp-contact", "schakelpunt-observation", "schakelpunt-auditevent",
            "holder", "permission-channel", "recipient-category", "permission-rejection-reason",
            "centre-gp-permission-covers-pharmacy", "schakelpunt-record-share"})
    void structureDefinitionIsReadableWithSnapshot(String id) {
        StructureDefinition definition = gp().get("/fhir/StructureDefinition/" + id).expect(200)
                .as(StructureDefinition.class);
        assertThat(definition.getUrl()).isEqualTo(BASE + "/StructureDefinition/" + id);
        assertThat(definition.getSnapshot().getElement()).isNotEmpty();
        Bundle byUrl = gp().get("/fhir/StructureDefinition?url=" + definition.getUrl()).expect(200).bundle();
        assertThat(byUrl.getEntry()).hasSize(1);
    }

    @Test
    void capabilityStatementNamesProfilesAndTheHolderSearchParameter() {
        CapabilityStatement statement = fhir().get("/fhir/metadata").expect(200).as(CapabilityStatement.class);
        assertThat(statement.getImplementationGuide()).extracting(c -> c.getValue())
                .containsExactly(BASE + "/ImplementationGuide/schakelpunt.ig");
        CapabilityStatement.CapabilityStatementRestResourceComponent consent = resource(statement, "Consent");
        assertThat(consent.getSupportedProfile()).extracting(c -> c.getValue())
                .containsExactlyInAnyOrder(BASE + "/StructureDefinition/schakelpunt-permission",
                        BASE + "/StructureDefinition/schakelpunt-record-share");
        for (String type : List.of("MedicationStatement", "MedicationRequest", "MedicationDispense",
                "AllergyIntolerance", "Condition", "Encounter", "Observation", "EpisodeOfCare", "Composition",
                "RelatedPerson")) {
            assertThat(resource(statement, type).getSearchParam()).as(type)
                    .anyMatch(p -> p.getName().equals("holder")
                            && p.getDefinition().equals(BASE + "/SearchParameter/holder"));
        }
    }

    @Test
    void holderSearchParameterNarrowsToOneHolder() {
        SearchParameter holder = gp().get("/fhir/SearchParameter/holder").expect(200).as(SearchParameter.class);
        assertThat(holder.getBase()).extracting(c -> c.getValue()).contains("MedicationStatement", "Encounter");
        Bundle atBrug = pharmacy().get("/fhir/MedicationStatement?holder=Organization/pharmacy-de-brug&patient=Patient/anna&_count=100")
                .expect(200).bundle();
        // Anna has three medication uses at Apotheek De Brug.
        assertThat(atBrug.getEntry()).hasSize(3);
        Bundle byUra = pharmacy().get("/fhir/MedicationStatement?holder.identifier="
                + "http://fhir.nl/fhir/NamingSystem/ura%7C90000201&patient=Patient/anna&_count=100").expect(200).bundle();
        assertThat(byUra.getEntry()).hasSize(3);
        Bundle annaAtLinde = gp().get("/fhir/Encounter?patient=Patient/anna&holder=Organization/gp-de-linde")
                .expect(200).bundle();
        assertThat(annaAtLinde.getEntry()).hasSize(4);
        assertThat(gp().get("/fhir/Encounter?patient=Patient/anna&holder=Organization/pharmacy-de-brug")
                .expect(200).bundle().getEntry()).isEmpty();
    }

    @Test
    void valueSetExpands() {
        ValueSet expansion = gp().get("/fhir/ValueSet/$expand?url=" + BASE + "/ValueSet/data-categories")
                .expect(200).as(ValueSet.class);
        assertThat(expansion.getExpansion().getContains()).extracting(c -> c.getCode())
                .contains("GGC002", "GGC012", "GGC013");
    }

    @Test
    void codeSystemLookupAnswers() {
        Parameters lookup = gp().get("/fhir/CodeSystem/$lookup?system=http://hl7.org/fhir/sid/icpc-1-nl&code=K86")
                .expect(200).as(Parameters.class);
        assertThat(lookup.getParameterValue("display").primitiveValue()).isEqualTo("Hypertensie zonder orgaanbeschadiging");
        CodeSystem channels = gp().get("/fhir/CodeSystem/permission-channel").expect(200).as(CodeSystem.class);
        assertThat(channels.getConcept()).extracting(c -> c.getCode()).containsExactly("verbal", "paper", "online", "point-of-care");
    }

    @Test
    void validateCodeAcceptsKnownAndRefusesUnknownCodes() {
        String url = "/fhir/ValueSet/$validate-code?url=" + BASE + "/ValueSet/organization-types"
                + "&system=http://nictiz.nl/fhir/NamingSystem/organization-type&code=";
        assertThat(gp().get(url + "Z3").expect(200).as(Parameters.class).getParameterBool("result")).isTrue();
        assertThat(gp().get(url + "Z9").expect(200).as(Parameters.class).getParameterBool("result")).isFalse();
    }

    private static CapabilityStatement.CapabilityStatementRestResourceComponent resource(
            CapabilityStatement statement, String type) {
        return statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals(type)).findFirst().orElseThrow();
    }
}
