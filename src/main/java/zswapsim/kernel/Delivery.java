package zswapsim.kernel;

/** A message on its way: sent by {@code from} (null: the Conductor), to be delivered to {@code to}. */
public record Delivery(Address from, Address to, Message msg) {
}
