using ServiceTracking.Chain.Rpc;

namespace ServiceTracking.Chain.Contracts;

/// <summary>A mined <c>recordService</c>: the record's index in the lightworker's history, its event and the receipt.</summary>
public sealed record RecordedService(long Index, ServiceRecorded Event, TransactionReceipt Receipt);
