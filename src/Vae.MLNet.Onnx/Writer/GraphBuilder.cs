using Google.Protobuf;
using Onnx;
using Vae.MLNet.Models;

namespace Vae.MLNet.Onnx;

/// <summary>Accumulates nodes and initializers of one ONNX graph, naming intermediate values uniquely.</summary>
internal sealed class GraphBuilder
{
    private readonly GraphProto _graph = new();
    private int _counter;

    public GraphBuilder(string name) => _graph.Name = name;

    public GraphProto Graph => _graph;

    /// <summary>Adds a node with one output; returns the output's value name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}_{_counter++}";
        NodeTo(op, inputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node writing to a given output name (a graph output).</summary>
    public void NodeTo(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_counter++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>Adds a float32 initializer (raw little-endian data).</summary>
    public string Initializer(string name, IReadOnlyList<long> shape, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 initializer (e.g. a Reshape target).</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a float32 scalar initializer.</summary>
    public string FloatScalar(string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Declares a float32 graph input of a fixed shape (no batch dimension).</summary>
    public void InputNoBatch(string name, params long[] dims) => _graph.Input.Add(FloatValue(name, dims, batch: false));

    /// <summary>Declares a float32 graph output of a fixed shape (no dimensions: a scalar).</summary>
    public void OutputNoBatch(string name, params long[] dims) => _graph.Output.Add(FloatValue(name, dims, batch: false));

    /// <summary>Declares a float32 graph input with a dynamic first dimension.</summary>
    public void Input(string name, params long[] trailingDims) => _graph.Input.Add(FloatValue(name, trailingDims));

    /// <summary>Declares a float32 graph output with a dynamic first dimension.</summary>
    public void Output(string name, params long[] trailingDims) => _graph.Output.Add(FloatValue(name, trailingDims));

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Int,
            I = value,
        };

    public static AttributeProto Float(string name, float value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Float,
            F = value,
        };

    private static ValueInfoProto FloatValue(string name, long[] trailingDims, bool batch = true)
    {
        var shape = new TensorShapeProto();
        if (batch)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxContract.BatchDimension });
        foreach (var d in trailingDims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
