package org.ferry.core.auth;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;

/** Parses phone numbers as people type them into E.164 ({@code +4915123456789}). Thread-safe. */
public final class Phones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /**
     * Numbers libphonenumber recently accepted, in E.164. Parsing and validating was 28% of the server's
     * CPU in the sign-up benchmark, once for each of sendCode, signIn and signUp; the two later calls
     * send back the E.164 form the first one returned, and find it here. Bounded: cleared when full.
     */
    private static final Set<String> VALIDATED = ConcurrentHashMap.newKeySet();
    private static final int VALIDATED_MAX = 200_000;

    private Phones() {
    }

    /**
     * Normalises an international number ("+49 151 2345-6789", "004915123456789") to E.164, or throws
     * PHONE_NUMBER_INVALID. Numbers must carry their country code: the server has no default region.
     */
    public static String normalize(String input) {
        if (input == null || input.isBlank() || input.length() > 32) {
            throw new FerryException(ErrorCode.PHONE_NUMBER_INVALID);
        }
        if (VALIDATED.contains(input)) {
            return input;
        }
        String s = input.strip();
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        if (!s.startsWith("+")) {
            s = "+" + s;
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(s, "ZZ");
            if (!UTIL.isValidNumber(number)) {
                throw new FerryException(ErrorCode.PHONE_NUMBER_INVALID);
            }
            String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            if (E164.matcher(e164).matches()) {
                if (VALIDATED.size() >= VALIDATED_MAX) {
                    VALIDATED.clear();
                }
                VALIDATED.add(e164);
            }
            return e164;
        } catch (NumberParseException e) {
            throw new FerryException(ErrorCode.PHONE_NUMBER_INVALID);
        }
    }

    /** The number's prefix used for the per-prefix limit: "+" and the first six digits. */
    public static String prefix(String e164) {
        return e164.substring(0, Math.min(e164.length(), 7));
    }
}
