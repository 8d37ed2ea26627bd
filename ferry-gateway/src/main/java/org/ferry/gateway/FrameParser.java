package org.ferry.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Frames;
import org.ferry.protocol.Json;

/**
 * Turns the bytes of a text frame into a request, or into the error to answer with and the request id if one can
 * be read, so that even a rejected request can be matched by the client. Stateless.
 */
final class FrameParser {
    private FrameParser() {
    }

    /** The result of parsing one frame. */
    sealed interface Parsed {
    }

    record Valid(Frames.Request request) implements Parsed {
    }

    record Invalid(Long id, FerryException error) implements Parsed {
    }

    static Parsed parse(byte[] utf8) {
        try {
            return new Valid(Json.parseRequest(utf8));
        } catch (FerryException e) {
            return new Invalid(peekId(utf8), e);
        }
    }

    /** A request's top-level {@code id} and {@code method}, each null if absent or not of the right type. */
    record Head(Long id, String method) {
    }

    /**
     * Reads only the top-level integer {@code "id"} of a frame, skipping everything else without building a tree;
     * null if the frame has none or is not a JSON object. Cheap enough for the event loop.
     */
    static Long peekId(byte[] utf8) {
        return peek(utf8, false).id();
    }

    /** Reads the top-level {@code "id"} and {@code "method"} the same way: for shedding on the event loop. */
    static Head peek(byte[] utf8) {
        return peek(utf8, true);
    }

    private static Head peek(byte[] utf8, boolean wantMethod) {
        Long id = null;
        String method = null;
        boolean idSeen = false;
        try (JsonParser p = Json.mapper().getFactory().createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Head(null, null);
            }
            while ((!idSeen || (wantMethod && method == null)) && p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    idSeen = true;
                    id = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue() : null;
                } else if (wantMethod && "method".equals(name) && value == JsonToken.VALUE_STRING) {
                    method = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // a malformed frame: what was read so far is all there is
        }
        return new Head(id, method);
    }
}
