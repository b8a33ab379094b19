package io.tdxsim.devices;

/** A bounded byte ring buffer, the receive FIFO of a UART. */
final class ByteFifo {

    private final byte[] bytes;
    private int head;
    private int size;

    ByteFifo(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * Adds {@code b} if fewer than {@code limit} bytes are held; returns false on overrun. With a
     * limit of one the new byte replaces the held one, as a 16450 holding register does.
     */
    boolean offer(byte b, int limit) {
        if (size >= Math.min(limit, bytes.length)) {
            if (limit == 1 && size == 1) {
                bytes[head] = b;
            }
            return false;
        }
        bytes[(head + size) % bytes.length] = b;
        size++;
        return true;
    }

    boolean hasRoom(int limit) {
        return size < Math.min(limit, bytes.length);
    }

    byte poll() {
        byte b = bytes[head];
        head = (head + 1) % bytes.length;
        size--;
        return b;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
