package org.ferry.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Test
    void numbersAreValidGermanMobilesAndUnique() throws Exception {
        PhoneNumbers phones = new PhoneNumbers(99_999_990L); // crosses from +49151 into +49152
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String phone = phones.next();
            assertThat(seen.add(phone)).isTrue();
            var parsed = util.parse(phone, null);
            assertThat(util.isValidNumber(parsed)).as(phone).isTrue();
            assertThat(util.getNumberType(parsed)).isEqualTo(PhoneNumberUtil.PhoneNumberType.MOBILE);
        }
        assertThat(seen).contains("+4915199999999", "+4915200000000");
    }

    @Test
    void wrapsAroundInsteadOfRunningOut() {
        PhoneNumbers phones = new PhoneNumbers(299_999_999L);
        assertThat(phones.next()).isEqualTo("+4915799999999");
        assertThat(phones.next()).isEqualTo("+4915100000000");
    }
}
