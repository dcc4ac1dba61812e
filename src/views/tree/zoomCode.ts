/** The part of d3 the tree's zoom runs on, a chunk loaded with the first tree drawn (useZoom.ts). */
export { select, zoom, zoomIdentity, zoomTransform } from 'd3';
