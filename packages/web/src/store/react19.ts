import { unstableSetRender } from 'antd-mobile'
import { createRoot, type Root } from 'react-dom/client'

/**
 * antd-mobile renders its imperative pop-ups (Dialog.alert/confirm, Toast.show) with React 18's
 * legacy `render`, which React 19 removed; without this they throw at run time. The hook it offers
 * renders them with `createRoot` instead, one root per container.
 */
export function renderPopupsWithCreateRoot() {
  unstableSetRender((node, container) => {
    const c = container as (Element | DocumentFragment) & { _liebianRoot?: Root }
    c._liebianRoot ??= createRoot(c)
    c._liebianRoot.render(node)
    return async () => {
      // Let the pop-up's closing animation finish before the root goes.
      await new Promise((r) => setTimeout(r, 0))
      c._liebianRoot?.unmount()
      delete c._liebianRoot
    }
  })
}
