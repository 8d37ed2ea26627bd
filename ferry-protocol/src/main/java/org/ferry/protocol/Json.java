package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON codec of the native protocol: one shared, thread-safe {@link ObjectMapper} and the rules
 * for turning bytes into a {@link Frames.Request} and params into typed records.
 */
public final class Json {
    private static final int POOLED_RECYCLERS = 256;

    /**
     * Jackson keeps its encoding buffers in a ThreadLocal by default: every request runs on a new virtual
     * thread, so each one allocated fresh buffers (ThreadLocal look-ups and set-up were ~6% of the
     * server's CPU in the chat profile). A shared pool recycles them across threads
     * ({@link LifoBufferPool}; a request holds a recycler while it parses or writes). Blackbird replaces
     * reflection with generated accessors for (de)serialising the wire records.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(new LifoBufferPool(POOLED_RECYCLERS)).build())
            .addModule(new BlackbirdModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        // A number where a string belongs (or the reverse) is a client bug to report, not to guess at.
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        MAPPER.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(40).maxStringLength(1 << 20).build());
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a request frame, or throws {@link FerryException} with {@link ErrorCode#MALFORMED_FRAME}. */
    public static Frames.Request parseRequest(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The frame is not valid JSON.");
        }
        return toRequest(node);
    }

    /** Parses a request frame from bytes (UTF-8). */
    public static Frames.Request parseRequest(byte[] utf8) {
        JsonNode node;
        try {
            node = MAPPER.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The frame is not valid JSON.");
        }
        return toRequest(node);
    }

    private static Frames.Request toRequest(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The frame must be a JSON object.");
        }
        JsonNode id = node.get("id");
        JsonNode method = node.get("method");
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The frame needs an integer \"id\".");
        }
        if (method == null || !method.isTextual()) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The frame needs a string \"method\".");
        }
        JsonNode params = node.get("params");
        if (params == null || params.isNull()) {
            params = MAPPER.createObjectNode();
        } else if (!params.isObject()) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "\"params\" must be a JSON object.");
        }
        return new Frames.Request(id.asLong(), method.asText(), params);
    }

    /** Reads the id of a frame that failed later checks, so the error can carry it; null if none. */
    public static Long peekId(JsonNode node) {
        JsonNode id = node == null ? null : node.get("id");
        return id != null && id.isIntegralNumber() ? id.asLong() : null;
    }

    /** Binds params to a record; a missing, unknown or mistyped field gives {@link ErrorCode#PARAMS_INVALID}. */
    public static <T> T bind(JsonNode params, Class<T> type) {
        try {
            T value = MAPPER.treeToValue(params == null ? MAPPER.createObjectNode() : params, type);
            if (value == null) {
                throw new FerryException(ErrorCode.PARAMS_INVALID, "params must be an object.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Unknown parameter \"" + e.getPropertyName() + "\".");
        } catch (MismatchedInputException e) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Parameter " + path(e) + " has the wrong type.");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "The parameters could not be read.");
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(params)" : "\"" + sb + "\"";
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
