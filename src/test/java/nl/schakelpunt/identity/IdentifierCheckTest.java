package nl.schakelpunt.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"123456782", "999901084", "999900006", "999900109"})
    void validBsnPasses(String bsn) {
        assertThat(IdentifierCheck.bsn(bsn)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "123456789, fails the 11-check",
            "999900007, fails the 11-check",
            "12345678, must have 9 digits",
            "1234567820, must have 9 digits",
            "12345678a, digits only",
            "' 23456782', digits only",
            "000000000, all zeros"})
    void invalidBsnIsNamed(String bsn, String reason) {
        assertThat(IdentifierCheck.bsn(bsn)).hasValueSatisfying(message -> assertThat(message).contains(reason));
    }

    @ParameterizedTest
    @CsvSource({
            "1234567, must have 8 digits",
            "123456789, must have 8 digits",
            "1234567a, digits only"})
    void uraAndAgbAreEightDigits(String value, String reason) {
        assertThat(IdentifierCheck.ura(value)).hasValueSatisfying(message -> assertThat(message).contains(reason));
        assertThat(IdentifierCheck.agb(value)).hasValueSatisfying(message -> assertThat(message).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"90000101", "00000001"})
    void eightDigitsPass(String value) {
        assertThat(IdentifierCheck.ura(value)).isEmpty();
        assertThat(IdentifierCheck.agb(value)).isEmpty();
    }
}
