package inspect

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// Table renders data the way Node's console.table draws it: a box with a row per own
// enumerable property of data (or per entry of a Map or Set) and a column per property of
// those rows, cells inspected in short form. properties, an array of column names (the
// second argument of console.table), picks the columns; anything else is ignored. ok is
// false when data is not tabular — not an object, a revoked Proxy, or reading it threw —
// and console.table then logs it as console.log would.
func (i *Inspector) Table(data, properties goja.Value) (out string, ok bool) {
	o, isObj := data.(*goja.Object)
	if !isObj || i.vm.Try(func() { out = i.table(o, properties) }) != nil || out == "" {
		return "", false
	}
	return out, true
}

func (i *Inspector) table(data *goja.Object, properties goja.Value) string {
	ic := i.printer(defaultOptions)
	cell := func(v goja.Value) string {
		opts := defaultOptions
		opts.depth = 0
		opts.maxArrayLength = 3
		opts.breakLength = 1 << 30
		if o, ok := v.(*goja.Object); ok && o.ClassName() != "Array" && len(o.Keys()) > 2 {
			opts.depth = -1
		}
		return i.value(v, opts)
	}
	for data.ExportType() == typeProxy {
		t := data.Export().(goja.Proxy).Target()
		if t == nil {
			return ""
		}
		data = t
	}
	et := data.ExportType()
	if data.ClassName() == "Object" && et == typeMapExport && ic.isBrand(i.in.mapSize, data) {
		var idx, keys, values []string
		ic.iterate(i.in.mapEntries, i.in.mapIterNext, data, func(v goja.Value) bool {
			e := v.(*goja.Object)
			idx = append(idx, strconv.Itoa(len(idx)))
			keys = append(keys, cell(e.Get("0")))
			values = append(values, cell(e.Get("1")))
			return true
		})
		return drawTable([]string{"(iteration index)", "Key", "Values"}, [][]string{idx, keys, values}, nil)
	}
	if data.ClassName() == "Object" && et == typeSetExport && ic.isBrand(i.in.setSize, data) {
		var idx, values []string
		ic.iterate(i.in.setValues, i.in.setIterNext, data, func(v goja.Value) bool {
			idx = append(idx, strconv.Itoa(len(idx)))
			values = append(values, cell(v))
			return true
		})
		return drawTable([]string{"(iteration index)", "Values"}, [][]string{idx, values}, nil)
	}

	var props []string
	hasProps := false
	if po, ok := properties.(*goja.Object); ok && po.ClassName() == "Array" {
		hasProps = true
		n := po.Get("length").ToInteger()
		for i := int64(0); i < n && i < 1000; i++ {
			props = append(props, po.Get(strconv.FormatInt(i, 10)).String())
		}
	}
	indexKeys := data.Keys()
	var colNames []string
	cols := map[string]map[int]string{}
	values := map[int]string{}
	hasPrimitives := false
	for i, k := range indexKeys {
		item := data.Get(k)
		itemObj, isObj := item.(*goja.Object)
		if !hasProps && !isObj {
			hasPrimitives = true
			values[i] = cell(item)
			continue
		}
		keys := props
		if !hasProps {
			keys = itemObj.Keys()
		}
		for _, key := range keys {
			col, ok := cols[key]
			if !ok {
				col = map[int]string{}
				cols[key] = col
				colNames = append(colNames, key)
			}
			if !isObj || !ic.hasOwn(itemObj, key) {
				col[i] = ""
			} else {
				col[i] = cell(itemObj.Get(key))
			}
		}
	}
	// Columns are properties of a plain object in Node: integer keys first, ascending.
	sort.SliceStable(colNames, func(a, b int) bool {
		ia, ib := isIndex(colNames[a]), isIndex(colNames[b])
		if ia && ib {
			na, _ := strconv.ParseUint(colNames[a], 10, 64)
			nb, _ := strconv.ParseUint(colNames[b], 10, 64)
			return na < nb
		}
		return ia && !ib
	})
	head := append([]string{"(index)"}, colNames...)
	columns := [][]string{indexKeys}
	sparse := []map[int]string{nil}
	for _, name := range colNames {
		columns = append(columns, nil)
		sparse = append(sparse, cols[name])
	}
	if hasPrimitives {
		head = append(head, "Values")
		columns = append(columns, nil)
		sparse = append(sparse, values)
	}
	return drawTable(head, columns, sparse)
}

// drawTable draws Node's console.table box. Column i takes its cells from columns[i],
// or, if sparse[i] is non-nil, from that map (missing rows are empty).
func drawTable(head []string, columns [][]string, sparse []map[int]string) string {
	rowsN := 0
	for i := range head {
		if len(columns[i]) > rowsN {
			rowsN = len(columns[i])
		}
		if sparse != nil && sparse[i] != nil {
			for r := range sparse[i] {
				if r+1 > rowsN {
					rowsN = r + 1
				}
			}
		}
	}
	widths := make([]int, len(head))
	rows := make([][]string, rowsN)
	for i, h := range head {
		widths[i] = width(h)
		for r := 0; r < rowsN; r++ {
			if rows[r] == nil {
				rows[r] = make([]string, len(head))
			}
			v := ""
			if sparse != nil && sparse[i] != nil {
				v = sparse[i][r]
			} else if r < len(columns[i]) {
				v = columns[i][r]
			}
			rows[r][i] = v
			widths[i] = max(widths[i], width(v))
		}
	}
	divider := make([]string, len(widths))
	for i, w := range widths {
		divider[i] = strings.Repeat("─", w+2)
	}
	renderRow := func(b *strings.Builder, row []string) {
		b.WriteString("│ ")
		for i, cell := range row {
			needed := widths[i] - width(cell)
			b.WriteString(strings.Repeat(" ", needed/2))
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", needed-needed/2))
			if i != len(row)-1 {
				b.WriteString(" │ ")
			}
		}
		b.WriteString(" │\n")
	}
	var b strings.Builder
	b.WriteString("┌" + strings.Join(divider, "┬") + "┐\n")
	renderRow(&b, head)
	b.WriteString("├" + strings.Join(divider, "┼") + "┤\n")
	for _, row := range rows {
		renderRow(&b, row)
	}
	b.WriteString("└" + strings.Join(divider, "┴") + "┘")
	return b.String()
}
