package zswapsim.kernel;

/** An RCU callback: the function (block and argument), its queue order, and the grace period it waits for. */
record Callback(int block, int arg, int seq, long gp) {
}
