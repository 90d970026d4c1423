^XA
^FX Shipping label, 4 x 6 in at 203 dpi (8 dots/mm): 812 x 1218 dots. Shipped default; a plant
^FX overrides it with <unitrace.labels.templates>/default/package.zpl.
^FX The barcode is GS1-128: start code C (>;), FNC1 (>8), AI 00 and the 18-digit SSCC.
^CI28
^PW812
^LL1218
^LH0,0
^FO30,30^A0N,28,24^FDSHIP TO^FS
^FO30,70^A0N,50,42^FH^FD${shipTo.name}^FS
^FO30,135^A0N,36,30^FH^FD${shipTo.street}^FS
^FO30,180^A0N,36,30^FH^FD${shipTo.postalCode} ${shipTo.city}^FS
^FO30,225^A0N,36,30^FH^FD${shipTo.country}^FS
^FO0,285^GB812,4,4^FS
^FO30,310^A0N,30,26^FH^FDShipment ${shipment.reference}  shipped ${shipment.shippedOn}^FS
^FO30,355^A0N,30,26^FH^FDCarrier ${carrier}  Tracking ${trackingRef}^FS
^FO30,400^A0N,30,26^FH^FDPackage ${package.number} of ${package.count}: ${package.reference} (${package.kind})^FS
^FO30,445^A0N,30,26^FH^FDContents: ${package.unitCount} units^FS
^FO0,500^GB812,4,4^FS
^FO30,530^A0N,28,24^FDSSCC^FS
^FO30,570^A0N,44,38^FH^FD${ssccHumanReadable}^FS
^FO94,680^BY4^BCN,300,Y,N,N^FH^FD>;>800${sscc}^FS
^XZ
