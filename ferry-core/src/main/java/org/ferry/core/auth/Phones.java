package org.ferry.core.auth;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;

/** Parses phone numbers as people type them into E.164 ({@code +4915123456789}). Thread-safe. */
public final class Phones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

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
            return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new FerryException(ErrorCode.PHONE_NUMBER_INVALID);
        }
    }

    /** The number's prefix used for the per-prefix limit: "+" and the first six digits. */
    public static String prefix(String e164) {
        return e164.substring(0, Math.min(e164.length(), 7));
    }
}
