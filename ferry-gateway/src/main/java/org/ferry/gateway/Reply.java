package org.ferry.gateway;

import org.ferry.protocol.ErrorBody;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Frames;

/**
 * The outcome of one request, before it is framed: for WebSocket with the request's id, for HTTP without one. Both
 * shapes share the {@code result} and {@code error} members, so clients parse them the same way. Immutable.
 */
sealed interface Reply {

    /** {@code {"id":..,"result":..}} or {@code {"id":..,"error":{..}}}. */
    Object toFrame(long id);

    /** {@code {"result":..}} or {@code {"error":{..}}}. */
    Object toHttpBody();

    /** The handler returned a value (an empty object when it had nothing to say, so a result is never missing). */
    record Ok(Object result) implements Reply {
        @Override
        public Object toFrame(long id) {
            return new Frames.Result(id, result);
        }

        @Override
        public Object toHttpBody() {
            return new HttpResult(result);
        }
    }

    /** The request failed with a client-facing error. */
    record Failed(ErrorCode code, ErrorBody body) implements Reply {
        Failed(FerryException e) {
            this(e.code(), e.toBody());
        }

        @Override
        public Object toFrame(long id) {
            return new Frames.Error(id, body);
        }

        @Override
        public Object toHttpBody() {
            return new Frames.Error(null, body);
        }
    }

    /** The body of a successful {@code POST /api/{method}}. */
    record HttpResult(Object result) {
    }
}
