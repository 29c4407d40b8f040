package nl.schakelpunt.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.schakelpunt.identity.Scopes.Letter;

class ScopesTest {

    @ParameterizedTest(name = "{0} on {1} {2}: {3}")
    @CsvSource({
            "system/*.cruds, MedicationStatement, CREATE, true",
            "system/*.cruds, MedicationStatement, SEARCH, true",
            "user/MedicationStatement.rs, MedicationStatement, READ, true",
            "user/MedicationStatement.rs, MedicationStatement, SEARCH, true",
            "user/MedicationStatement.rs, MedicationStatement, CREATE, false",
            "user/MedicationStatement.rs, Condition, READ, false",
            "patient/*.r, Condition, READ, true",
            "patient/*.r, Condition, SEARCH, false",
            "patient/*.read, Condition, SEARCH, true",
            "patient/*.read, Condition, UPDATE, false",
            "system/*.write, Condition, DELETE, true",
            "system/*.write, Condition, READ, false",
            "system/Patient.*, Patient, DELETE, true",
            "'openid fhirUser', Patient, READ, false",
            "system/*.rc, Patient, READ, false",
            "system/*.xyz, Patient, READ, false",
            "'system/Condition.rs?category=problem-list-item', Condition, READ, false",
            "'  system/Patient.rs   system/Condition.c ', Condition, CREATE, true"})
    void grants(String scope, String type, Letter letter, boolean allowed) {
        assertThat(Scopes.parse(scope).allows(type, letter)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"'', true", "openid, true", "system/*.rs, false", "patient/Patient.r, false"})
    void emptyWhenNoResourceScope(String scope, boolean empty) {
        assertThat(Scopes.parse(scope).isEmpty()).isEqualTo(empty);
    }
}
