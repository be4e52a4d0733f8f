// libtorch's thread count is process-wide and results depend on it; a test class that sets it must not change it
// under another class's run that is compared bit for bit. Classes of this assembly therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
